using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Bench;

/// <summary>The benchmark log aggregated once into the facade's <see cref="ExperimentData"/> (and the raw per-metric statistics).</summary>
public static class AggregatedExperiment
{
    public static readonly MetricSpec[] Specs =
    [
        new("conversion", MetricKind.Proportion),
        new("revenue", MetricKind.Mean),
        new("ctr", MetricKind.Ratio),
    ];

    public static (ExperimentData Experiment, SufficientStatistics[][] ByMetric) Build()
    {
        UnitLogData data = UnitLogData.Generate(AggregationBenchmarks.Rows, seed: 20261123);
        int k = UnitLogData.ArmNames.Length;
        SufficientStatistics[][] byMetric =
        [
            ArrayAggregator.Aggregate(data.Arms, k, data.Converted),
            ArrayAggregator.Aggregate(data.Arms, k, data.Revenue),
            ArrayAggregator.Aggregate(data.Arms, k, data.Clicks, data.Impressions),
        ];
        var arms = new List<ArmData>();
        for (int arm = 0; arm < k; arm++)
        {
            var stats = new Dictionary<string, SufficientStatistics>();
            for (int m = 0; m < Specs.Length; m++) stats[Specs[m].Name] = byMetric[m][arm];
            arms.Add(new ArmData(UnitLogData.ArmNames[arm], byMetric[0][arm].Count, stats));
        }
        return (new ExperimentData(arms), byMetric);
    }
}
