using BenchmarkDotNet.Attributes;
using MarketLab.Evaluation.AbTesting;

namespace MarketLab.Bench;

/// <summary>
/// The whole battery through the facade: SRM check, every treatment arm × metric with the chosen
/// method, Holm correction, on statistics of the 10M-unit log (3 arms, 3 metrics).
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private ExperimentData _experiment = null!;

    [Params(AnalysisMethod.Frequentist, AnalysisMethod.Sequential, AnalysisMethod.Bayesian)]
    public AnalysisMethod Method { get; set; }

    [GlobalSetup]
    public void Setup() => _experiment = AggregatedExperiment.Build().Experiment;

    [Benchmark(Description = "battery: AbAnalysis.Analyze, 2 arms x 3 metrics")]
    public int Analyze() =>
        AbAnalysis.Analyze(_experiment, "control", AggregatedExperiment.Specs, new AbAnalysisOptions { Method = Method }).Comparisons.Count;
}
