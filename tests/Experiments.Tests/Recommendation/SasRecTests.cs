using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Recommendation.SasRec;
using TorchSharp;

namespace MarketLab.Experiments.Tests.Recommendation;

[Collection(TorchCollection.Name)]
public class SasRecTests
{
    private static SasRecOptions Small(int epochs, string? checkpoint = null, SasRecLoss loss = SasRecLoss.Bce) =>
        SequenceFixtures.SmallSasRec(epochs) with { Loss = loss, CheckpointDirectory = checkpoint };

    [Fact]
    public void LearnsTheNextItemOfARing()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Test, negatives: 20, seed: 1);
        var sasrec = RecommenderEvaluator.Evaluate(SasRecTrainer.Train(split, Small(epochs: 30)), protocol);
        var pop = RecommenderEvaluator.Evaluate(PopularityRecommender.Fit(split), protocol);
        double sasrecHit = RankMetrics.Mean(RankMetric.HitAt(1), sasrec.Full);
        double popHit = RankMetrics.Mean(RankMetric.HitAt(1), pop.Full);
        Assert.True(sasrecHit > 0.9, $"SASRec full-ranking Hit@1 {sasrecHit:F3} on a deterministic ring");
        Assert.True(popHit < 0.15, $"Popularity Hit@1 {popHit:F3}");
    }

    [Fact]
    public void SameSeedGivesTheSameMetricsAndResumeReplaysTheRun()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Validation, negatives: 20, seed: 2);
        RankOutcome[] Outcomes(SasRecOptions o) => [.. RecommenderEvaluator.Evaluate(SasRecTrainer.Train(split, o), protocol).Full];
        var straight = Outcomes(Small(epochs: 3));
        Assert.Equal(straight, Outcomes(Small(epochs: 3)));

        string folder = Path.Combine(Path.GetTempPath(), "sasrec-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            Outcomes(Small(epochs: 2, folder));                  // stops after epoch 2, checkpoint written
            var resumed = Outcomes(Small(epochs: 3, folder));     // resumes at epoch 3
            Assert.Equal(straight, resumed);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void FullSoftmaxLossLearnsTheRingAndIsDeterministic()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Test, negatives: 20, seed: 1);
        RankOutcome[] Outcomes(SasRecOptions o) => [.. RecommenderEvaluator.Evaluate(SasRecTrainer.Train(split, o), protocol).Full];
        var ce = Outcomes(Small(epochs: 15, loss: SasRecLoss.Ce));
        double hit = RankMetrics.Mean(RankMetric.HitAt(1), ce);
        Assert.True(hit > 0.9, $"SASRec (CE) full-ranking Hit@1 {hit:F3} on a deterministic ring");
        Assert.Equal(ce, Outcomes(Small(epochs: 15, loss: SasRecLoss.Ce)));
        // A different objective gives a different model from the same seed (the option reaches the trainer).
        Assert.NotEqual(ce, Outcomes(Small(epochs: 15, loss: SasRecLoss.Bce)));
    }

    [Fact]
    public void FullSoftmaxLossEqualsCrossEntropyOverItemsWithoutPadding()
    {
        // Independent check of the objective: for the untrained model, the loss of one batch equals −mean log softmax
        // computed by hand (log-sum-exp in doubles) over items 1..V−1 at the positions that have a target.
        torch.manual_seed(3);
        var options = new SasRecOptions { MaxLength = 4, Hidden = 8, Blocks = 1, Dropout = 0.1, Loss = SasRecLoss.Ce };
        using var model = new SasRecModel(7, options);
        model.eval();
        long[] input = [0, 0, 1, 2, 0, 3, 4, 5];
        long[] targets = [0, 0, 2, 6, 0, 4, 5, 1];
        using var h = model.forward(torch.tensor(input, [2, 4]));
        double loss = SasRecTrainer.FullSoftmaxLoss(model, h, torch.tensor(targets, [2, 4])).item<float>();
        float[] hs = h.data<float>().ToArray(), e = model.ItemEmbeddings.data<float>().ToArray();
        double sum = 0;
        int n = 0;
        for (int p = 0; p < 8; p++)
        {
            if (targets[p] == 0) continue;
            var logits = Enumerable.Range(1, 6).Select(j => Enumerable.Range(0, 8).Sum(k => (double)hs[p * 8 + k] * e[j * 8 + k])).ToArray();
            double max = logits.Max(), lse = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
            sum += lse - logits[targets[p] - 1];
            n++;
        }
        Assert.Equal(sum / n, loss, 5);
    }

    [Fact]
    public void SampledSoftmaxLossEqualsCrossEntropyOverTargetAndSharedNegatives()
    {
        // Independent check: for the untrained model, the loss of one batch equals −mean log softmax computed by hand
        // (log-sum-exp in doubles) over [target, shared negatives], leaving out a negative equal to the row's target.
        torch.manual_seed(4);
        var options = new SasRecOptions { MaxLength = 4, Hidden = 8, Blocks = 1, Dropout = 0.1, Loss = SasRecLoss.SampledCe };
        using var model = new SasRecModel(7, options);
        model.eval();
        long[] input = [0, 0, 1, 2, 0, 3, 4, 5];
        long[] targets = [0, 0, 2, 6, 0, 4, 5, 1];
        long[] shared = [2, 3, 5, 5];                         // 2 and 5 collide with targets; 5 twice
        using var h = model.forward(torch.tensor(input, [2, 4]));
        double loss = SasRecTrainer.SampledSoftmaxLoss(model, h, torch.tensor(targets, [2, 4]), torch.tensor(shared)).item<float>();
        float[] hs = h.data<float>().ToArray(), e = model.ItemEmbeddings.data<float>().ToArray();
        double Logit(int p, long item) => Enumerable.Range(0, 8).Sum(k => (double)hs[p * 8 + k] * e[item * 8 + k]);
        double sum = 0;
        int n = 0;
        for (int p = 0; p < 8; p++)
        {
            if (targets[p] == 0) continue;
            var logits = new List<double> { Logit(p, targets[p]) };
            logits.AddRange(shared.Where(j => j != targets[p]).Select(j => Logit(p, j)));
            double max = logits.Max(), lse = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
            sum += lse - logits[0];
            n++;
        }
        Assert.Equal(sum / n, loss, 5);
    }

    [Fact]
    public void SampledSoftmaxLossLearnsTheRingAndIsDeterministic()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Test, negatives: 20, seed: 1);
        (RankOutcome[] Outcomes, double[] Losses) Run(SasRecOptions o)
        {
            var losses = new List<double>();
            var trained = SasRecTrainer.Train(split, o, p => losses.Add(p.Loss));
            return ([.. RecommenderEvaluator.Evaluate(trained, protocol).Full], [.. losses]);
        }
        var options = Small(epochs: 15, loss: SasRecLoss.SampledCe) with { TrainingNegatives = 10 };
        var sce = Run(options);
        double hit = RankMetrics.Mean(RankMetric.HitAt(1), sce.Outcomes);
        Assert.True(hit > 0.9, $"SASRec (sampled CE) full-ranking Hit@1 {hit:F3} on a deterministic ring");
        var again = Run(options);
        Assert.Equal(sce.Outcomes, again.Outcomes);
        Assert.Equal(sce.Losses, again.Losses);
        // The option reaches the loss: with fewer negatives the softmax has fewer terms and the loss is lower.
        var fewer = Run(options with { TrainingNegatives = 2 });
        Assert.True(fewer.Losses[0] < sce.Losses[0], $"first-epoch loss with 2 negatives {fewer.Losses[0]:F4}, with 10 {sce.Losses[0]:F4}");
    }

    [Theory]
    [InlineData("bce", SasRecLoss.Bce)]
    [InlineData("CE", SasRecLoss.Ce)]
    [InlineData("sampled-ce", SasRecLoss.SampledCe)]
    public void LossNamesRoundTrip(string name, SasRecLoss loss)
    {
        Assert.Equal(loss, SasRecLossNames.Parse(name, "--loss"));
        Assert.Equal(loss, SasRecLossNames.Parse(SasRecLossNames.Name(loss), "--loss"));
    }

    [Fact]
    public void AnUnknownLossNamesTheOptionAndTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => SasRecLossNames.Parse("hinge", "--loss"));
        Assert.Equal("--loss: 'hinge' is not one of bce, ce, sampled-ce.", error.Message);
    }

    [Fact]
    public void WeightDecayShrinksTheWeightsButNotTheLayerNorms()
    {
        var split = SequenceFixtures.Ring();
        double Norm(SasRecRecommender r, string name)
        {
            var p = r.Model.named_parameters().Single(n => n.name == name).parameter;
            return p.detach().norm().item<float>();
        }
        var plain = SasRecTrainer.Train(split, Small(epochs: 3));
        var decayed = SasRecTrainer.Train(split, Small(epochs: 3) with { WeightDecay = 1.0 });
        // AdamW multiplies each decayed weight by (1 - lr * wd) = 0.99 per step before the Adam step (12 steps here).
        Assert.True(Norm(decayed, "item_embeddings.weight") < Norm(plain, "item_embeddings.weight"));
        Assert.True(MarketLab.Experiments.Bert.Training.ParameterGroups.IsNoDecay("last_layernorm.weight"));
        Assert.True(MarketLab.Experiments.Bert.Training.ParameterGroups.IsNoDecay("blocks.0.attention_layernorm.bias"));
        Assert.False(MarketLab.Experiments.Bert.Training.ParameterGroups.IsNoDecay("item_embeddings.weight"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Small(1) with { WeightDecay = -1 });
    }
}
