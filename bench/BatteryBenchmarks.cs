using BenchmarkDotNet.Attributes;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Bench;

/// <summary>The test battery on already aggregated statistics: every treatment arm × metric.</summary>
[MemoryDiagnoser]
public class BatteryBenchmarks
{
    private readonly (MetricKind Kind, SufficientStatistics[] Stats)[] _metrics = new (MetricKind, SufficientStatistics[])[3];

    [GlobalSetup]
    public void Setup()
    {
        UnitLogData data = UnitLogData.Generate(AggregationBenchmarks.Rows, seed: 20261123);
        int k = UnitLogData.ArmNames.Length;
        _metrics[0] = (MetricKind.Proportion, ArrayAggregator.Aggregate(data.Arms, k, data.Converted));
        _metrics[1] = (MetricKind.Mean, ArrayAggregator.Aggregate(data.Arms, k, data.Revenue));
        _metrics[2] = (MetricKind.Ratio, ArrayAggregator.Aggregate(data.Arms, k, data.Clicks, data.Impressions));
    }

    // TODO(AbAnalysis facade): replace with AbAnalysis.Analyze once "AbAnalysis facade" lands on main.
    [Benchmark(Description = "battery: effect + frequentist test, 2 arms x 3 metrics")]
    public double Battery()
    {
        double total = 0;
        foreach (var (kind, stats) in _metrics)
        {
            ArmMoments control = MetricEstimator.Estimate(stats[0], kind, withCovariate: false);
            for (int arm = 1; arm < stats.Length; arm++)
            {
                ArmMoments treatment = MetricEstimator.Estimate(stats[arm], kind, withCovariate: false);
                EffectEstimate effect = EffectEstimate.Compute(control, treatment, pooledNullVariance: kind == MetricKind.Proportion);
                total += FrequentistTest.Evaluate(effect).PValue;
            }
        }
        return total;
    }
}
