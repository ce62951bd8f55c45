using BenchmarkDotNet.Attributes;
using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Bench;

/// <summary>The bare test loop on aggregated statistics: metric moments, effect and frequentist test per treatment arm × metric.</summary>
[MemoryDiagnoser]
public class BatteryBenchmarks
{
    private SufficientStatistics[][] _byMetric = null!;

    [GlobalSetup]
    public void Setup() => _byMetric = AggregatedExperiment.Build().ByMetric;

    [Benchmark(Description = "battery: effect + frequentist test only, 2 arms x 3 metrics")]
    public double Battery()
    {
        double total = 0;
        for (int m = 0; m < _byMetric.Length; m++)
        {
            MetricKind kind = AggregatedExperiment.Specs[m].Kind;
            SufficientStatistics[] stats = _byMetric[m];
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
