using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Recommendation.Bert4Rec;

namespace MarketLab.Experiments.Tests.Recommendation;

[Collection(TorchCollection.Name)]
public class Bert4RecTests
{
    private static Bert4RecOptions Small(int epochs) => new()
    {
        MaxLength = 8, Hidden = 32, Layers = 1, Heads = 2, Dropout = 0.1, MaskProbability = 0.3, LearningRate = 5e-3, BatchSize = 32,
        Epochs = epochs, Seed = 23, Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, 1),
    };

    [Fact]
    public void LearnsTheNextItemOfARingFromMaskedItems()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Test, negatives: 20, seed: 1);
        var o = RecommenderEvaluator.Evaluate(Bert4RecTrainer.Train(split, Small(epochs: 40)), protocol);
        double hit = RankMetrics.Mean(RankMetric.HitAt(1), o.Full);
        Assert.True(hit > 0.8, $"BERT4Rec full-ranking Hit@1 {hit:F3} on a deterministic ring");
    }

    [Fact]
    public void SameSeedGivesTheSameOutcomes()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Validation, negatives: 20, seed: 2);
        RankOutcome[] Run() => [.. RecommenderEvaluator.Evaluate(Bert4RecTrainer.Train(split, Small(epochs: 2)), protocol).Full];
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ResumeReplaysTheStraightRunAndSharesAFolderWithSasRec()
    {
        var split = SequenceFixtures.Ring();
        var protocol = RankingProtocol.Create(split, EvaluationStage.Validation, negatives: 20, seed: 2);
        RankOutcome[] Outcomes(Bert4RecOptions o) => [.. RecommenderEvaluator.Evaluate(Bert4RecTrainer.Train(split, o), protocol).Full];
        var straight = Outcomes(Small(epochs: 3));

        string folder = Path.Combine(Path.GetTempPath(), "bert4rec-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A SASRec checkpoint in the same folder first: BERT4Rec must neither read nor overwrite it.
            MarketLab.Experiments.Recommendation.SasRec.SasRecTrainer.Train(split, SequenceFixtures.SmallSasRec(1) with { CheckpointDirectory = folder });
            var sasrecState = File.ReadAllText(Path.Combine(folder, "trainer-state.json"));
            var lines = new List<string>();
            Outcomes(Small(epochs: 2) with { CheckpointDirectory = folder });               // stops after epoch 2, checkpoint written
            var resumed = RecommenderEvaluator.Evaluate(
                Bert4RecTrainer.Train(split, Small(epochs: 3) with { CheckpointDirectory = folder }, log: lines.Add), protocol).Full.ToArray();
            Assert.Equal(straight, resumed);
            Assert.Contains(lines, l => l.Contains("Resumed BERT4Rec", StringComparison.Ordinal) && l.Contains("after epoch 2", StringComparison.Ordinal));
            Assert.Equal(sasrecState, File.ReadAllText(Path.Combine(folder, "trainer-state.json")));
            Assert.True(File.Exists(Path.Combine(folder, "bert4rec-state.json")));
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void ReportsValidationEveryKEpochsAndAtTheLast()
    {
        var split = SequenceFixtures.Ring();
        var validation = RankingProtocol.Create(split, EvaluationStage.Validation, negatives: 20, seed: 2);
        var progress = new List<MarketLab.Experiments.Recommendation.SasRec.SasRecProgress>();
        var model = Bert4RecTrainer.Train(split, Small(epochs: 5), progress.Add, validation: validation, validateEvery: 2);
        Assert.Equal([false, true, false, true, true], progress.Select(p => p.ValidationHit10.HasValue));
        // The last epoch's figure is the trained model's sampled Hit@10 on the validation items.
        var sampled = RecommenderEvaluator.Evaluate(model, validation).Sampled;
        Assert.Equal(RankMetrics.Mean(RankMetric.HitAt(10), sampled), progress[^1].ValidationHit10!.Value, 12);
    }
}
