using BenchmarkDotNet.Attributes;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Bench;

/// <summary>
/// Per-unit log → per-arm sufficient statistics: ours (<see cref="ArrayAggregator"/>) against plain
/// LINQ, on <see cref="Rows"/> seeded rows with three arms and three metrics (conversion, revenue, CTR).
/// </summary>
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    public const int Rows = 10_000_000;
    private UnitLogData _data = null!;

    [GlobalSetup]
    public void Setup() => _data = UnitLogData.Generate(Rows, seed: 20261123);

    [Benchmark(Description = "ours: revenue (1 variable)")]
    public SufficientStatistics[] OursOneVariable() =>
        ArrayAggregator.Aggregate(_data.Arms, UnitLogData.ArmNames.Length, _data.Revenue);

    [Benchmark(Description = "linq: revenue (1 variable)")]
    public SufficientStatistics[] LinqOneVariable() =>
        LinqAggregation.OneVariable(_data.Arms, _data.Revenue, UnitLogData.ArmNames.Length);

    [Benchmark(Description = "ours: ctr (2 variables)")]
    public SufficientStatistics[] OursRatio() =>
        ArrayAggregator.Aggregate(_data.Arms, UnitLogData.ArmNames.Length, _data.Clicks, _data.Impressions);

    [Benchmark(Description = "linq: ctr (2 variables)")]
    public SufficientStatistics[] LinqRatio() =>
        LinqAggregation.TwoVariables(_data.Arms, _data.Clicks, _data.Impressions, UnitLogData.ArmNames.Length);

    [Benchmark(Description = "ours: all three metrics")]
    public int OursAllMetrics()
    {
        int k = UnitLogData.ArmNames.Length;
        return ArrayAggregator.Aggregate(_data.Arms, k, _data.Converted).Length
            + ArrayAggregator.Aggregate(_data.Arms, k, _data.Revenue).Length
            + ArrayAggregator.Aggregate(_data.Arms, k, _data.Clicks, _data.Impressions).Length;
    }

    [Benchmark(Description = "linq: all three metrics")]
    public int LinqAllMetrics()
    {
        int k = UnitLogData.ArmNames.Length;
        return LinqAggregation.OneVariable(_data.Arms, _data.Converted, k).Length
            + LinqAggregation.OneVariable(_data.Arms, _data.Revenue, k).Length
            + LinqAggregation.TwoVariables(_data.Arms, _data.Clicks, _data.Impressions, k).Length;
    }
}
