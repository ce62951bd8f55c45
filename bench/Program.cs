using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MarketLab.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench -- --quick</c> runs every benchmark in-process with a
/// short job (about two minutes on two cores); without <c>--quick</c>, BenchmarkDotNet's defaults
/// and any of its own switches (<c>--filter</c>, <c>--job</c>) apply. Rows/s and ours/LINQ ratios
/// are printed after BenchmarkDotNet's table. <c>--uplift-scale</c> runs <see cref="UpliftScaleBenchmark"/>
/// (AUC, Qini and uplift by decile on 14M rows against one Array.Sort) instead; <c>--onnx-inference</c> runs
/// <see cref="Onnx.OnnxInferenceBenchmark"/> (MiniLM in TorchSharp against its ONNX export in ONNX Runtime).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--uplift-scale")) return UpliftScaleBenchmark.Run(args);
        if (args.Contains("--tokenizer-speed") || args.Contains("--tokenizer-ids")) return Tokenization.TokenizerBenchmark.Run(args);
        if (args.Contains("--automl-acceptance") || args.Contains("--automl-workers")) return AutoML.AutoMLAcceptance.Run(args);
        if (args.Contains("--onnx-inference")) return Onnx.OnnxInferenceBenchmark.Run(args);
        if (args.Contains("--sasrec-train")) return Recommendation.SasRecTrainingBenchmark.Run(args);
        bool quick = args.Contains("--quick");
        string[] rest = args.Where(a => a != "--quick").ToArray();
        if (quick && !rest.Contains("--filter")) rest = [.. rest, "--filter", "*"];
        IConfig config = DefaultConfig.Instance;
        if (quick)
            config = config.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("quick"));
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
        PrintThroughput(summaries.SelectMany(s => s.Reports).ToList());
        return 0;
    }

    private static void PrintThroughput(List<BenchmarkReport> reports)
    {
        var means = new Dictionary<string, double>();
        foreach (BenchmarkReport report in reports)
            if (report.ResultStatistics is { } stats)
                means[$"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')} {report.BenchmarkCase.Parameters.DisplayInfo}".TrimEnd()] = stats.Mean;
        if (means.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"Throughput ({AggregationBenchmarks.Rows:N0} rows per operation):");
        foreach (var (name, ns) in means)
        {
            if (name.StartsWith("battery", StringComparison.Ordinal))
                Console.WriteLine($"  {name,-76} {ns / 1000,10:N1} us per battery");
            else
                Console.WriteLine($"  {name,-76} {AggregationBenchmarks.Rows / (ns * 1e-9) / 1e6,10:N1} M rows/s");
        }
        foreach (var (name, ns) in means)
        {
            if (!name.StartsWith("ours:", StringComparison.Ordinal)) continue;
            string linq = "linq:" + name["ours:".Length..];
            if (means.TryGetValue(linq, out double linqNs))
                Console.WriteLine($"  speed-up ours/LINQ, {name["ours: ".Length..],-30} {linqNs / ns,8:N1}x");
        }
    }
}
