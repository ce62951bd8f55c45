using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Tests.Recommendation;

/// <summary>Logs and model sizes shared by the sequence-model tests.</summary>
internal static class SequenceFixtures
{
    /// <summary>
    /// 120 users walk a ring of 30 items one step at a time from a random start (8 events each): the next item is a
    /// function of the last one, which a working causal model learns; popularity cannot (every item about equally common).
    /// </summary>
    public static LeaveOneOutSplit Ring(int seed = 5)
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

    /// <summary>A SASRec small enough to train on the fixtures in seconds (one CPU thread, seed 17).</summary>
    public static SasRecOptions SmallSasRec(int epochs) => new()
    {
        MaxLength = 8, Hidden = 16, Blocks = 1, Heads = 1, Dropout = 0.1, LearningRate = 1e-2, BatchSize = 32, Epochs = epochs,
        Seed = 17, Runtime = new TorchRuntimeOptions(TorchDevicePreference.Cpu, 1),
    };
}
