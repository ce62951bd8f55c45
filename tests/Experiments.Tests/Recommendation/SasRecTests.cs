using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Tests.Recommendation;

[Collection(TorchCollection.Name)]
public class SasRecTests
{
    // 120 users walk a ring of 30 items one step at a time from a random start (8 events each): the next item is a
    // function of the last one, which a working causal model learns; popularity cannot (every item about equally common).
    private static LeaveOneOutSplit Ring(int seed = 5)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        for (int u = 0; u < 120; u++)
        {
            int start = random.Next(30);
            for (int t = 0; t < 8; t++) lines.Add($"u{u} i{(start + t) % 30}");
        }
        return LeaveOneOutSplit.Create(UserSequences.Build(BehaviourLog.Read(new StringReader(string.Join("\n", lines)), "ring", BehaviourLogFormat.UserItemPairs)));
    }

    private static SasRecOptions Small(int epochs, string? checkpoint = null) => new()
    {
        MaxLength = 8, Hidden = 16, Blocks = 1, Heads = 1, Dropout = 0.1, LearningRate = 1e-2, BatchSize = 32, Epochs = epochs,
        Seed = 17, Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, 1), CheckpointDirectory = checkpoint,
    };

    [Fact]
    public void LearnsTheNextItemOfARing()
    {
        var split = Ring();
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
        var split = Ring();
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
}
