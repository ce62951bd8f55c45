namespace MarketLab.Experiments.Bert.MLNet;

/// <summary>One output row of <see cref="BertMulticlassTransformer.Transform"/> (column names set by its schema definition).</summary>
internal sealed class BertScoredRow
{
    public string Text { get; set; } = "";

    public string Pair { get; set; } = "";

    public uint Label { get; set; }

    public uint PredictedLabel { get; set; }

    public float[] Score { get; set; } = [];
}
