using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class RunProgressTests
{
    [LinuxFact]
    public void A_bert_candidate_in_a_logged_run_reports_pretraining_and_fine_tuning_about_every_tenth()
    {
        // No ../shared needed: the synthetic reviews' own text is not the corpus (a generated file beside the spec is).
        using var cli = new CliRunner();
        string corpus = cli.WriteFile("corpus.txt", string.Join('\n', Enumerable.Range(0, 200).Select(i => $"the phone number {i} was great and the battery lasted a day")));
        string spec = cli.WriteFile("spec.yaml", $$"""
            name: progress
            task: text_classification
            seed: 4
            dataset:
              name: synthetic:reviews?rows=120
              split: 0.25
            candidates:
              - name: bert
                kind: bert
                parameters: {size: tiny, epochs: 2, batch_size: 16, max_length: 32, init: pretrain, pretrain_corpus: "{{corpus}}", pretrain_steps: 50, pretrain_batch_size: 8}
            """);
        var (exit, output, error) = cli.Run("run", spec, "--store", cli.PathOf("runs.db"), "--artifacts", cli.PathOf("artifacts"));
        Assert.True(exit == 0, output + error);
        string[] pretraining = output.Split('\n').Where(l => l.Contains("bert: MLM pre-training step", StringComparison.Ordinal)).ToArray();
        string[] fineTuning = output.Split('\n').Where(l => l.Contains("bert: fine-tuning epoch", StringComparison.Ordinal)).ToArray();
        // One line when a stage starts and one per tenth after: 11 for 50 steps, not 50.
        Assert.Equal(11, pretraining.Length);
        Assert.Contains("step 1/50", pretraining[0]);
        Assert.Contains("step 50/50", pretraining[^1]);
        Assert.InRange(fineTuning.Length, 2, 11);
        Assert.Contains("epoch 2/2", fineTuning[^1]);
        Assert.True(output.IndexOf(pretraining[^1], StringComparison.Ordinal) < output.IndexOf(fineTuning[0], StringComparison.Ordinal));
    }
}
