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
}
