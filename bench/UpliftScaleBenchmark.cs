using System.Diagnostics;
using MarketLab.Evaluation.Classification;
using MarketLab.Evaluation.Uplift;

namespace MarketLab.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench -- --uplift-scale [--rows N] [--reps R]</c>: ROC AUC, Qini
/// coefficient and uplift by decile on a seeded Criteo-uplift-sized sample (14M rows, treatment 85%,
/// visit 4.7%), each timed against one <see cref="Array.Sort(Array)"/> of a copy of the scores measured in
/// the same process, interleaved round by round; medians are reported as ratios to the sort. Memory: the
/// managed bytes each call allocates (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise) and the peak
/// growth of the managed heap and of the working set while it runs (sampled every millisecond on a second
/// thread, in a separate untimed pass), as ratios to the input arrays' bytes (yTrue, scores, treatment).
/// </summary>
/// <remarks>Not a BenchmarkDotNet benchmark: one operation takes seconds and the peak memory is what matters.</remarks>
public static class UpliftScaleBenchmark
{
    public const int DefaultRows = 14_000_000;
    public const int Seed = 20261123;

    private sealed record Case(string Name, Func<double> Run);

    public static int Run(string[] args)
    {
        int rows = IntArg(args, "--rows", DefaultRows);
        int reps = IntArg(args, "--reps", 5);
        Console.WriteLine($"Uplift scale benchmark: {rows:N0} rows, seed {Seed}, {reps} timed rounds (interleaved), " +
            $"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

        var sw = Stopwatch.StartNew();
        Generate(rows, Seed, out double[] yTrue, out double[] scores, out double[] treatment);
        long inputBytes = 3L * rows * sizeof(double);
        Console.WriteLine($"generated in {sw.Elapsed.TotalSeconds:N1} s: treated {Mean(treatment):P2}, visit {Mean(yTrue):P2}, " +
            $"distinct scores {Distinct(scores):N0}; input arrays {inputBytes / 1e6:N0} MB");

        var sortBuffer = new double[rows];
        var cases = new List<Case>
        {
            new("Array.Sort(copy of scores) [peer]", () => { Array.Sort(sortBuffer); return sortBuffer[0]; }),
            new("RankingMetrics.RocAuc(visit, scores)", () => RankingMetrics.RocAuc(yTrue, scores)),
            new("UpliftScores.QiniCoefficient", () => UpliftScores.QiniCoefficient(yTrue, scores, treatment)),
            new("UpliftByBins.Compute(bins: 10)", () => UpliftByBins.Compute(yTrue, scores, treatment, bins: 10)[0].Uplift),
        };
        void Prepare(Case c)
        {
            if (c == cases[0]) scores.AsSpan().CopyTo(sortBuffer);   // the copy is not timed; the sort is
        }

        // Warm-up on a small slice so the metric code is at tier 1 before the first full-size call.
        WarmUp(yTrue, scores, treatment, Math.Min(rows, 200_000));

        // Memory pass (untimed): allocated bytes per call, and sampled peak heap / working-set growth.
        var allocated = new long[cases.Count];
        var peakHeap = new long[cases.Count];
        var peakWorkingSet = new long[cases.Count];
        for (int i = 0; i < cases.Count; i++)
        {
            Prepare(cases[i]);
            (allocated[i], peakHeap[i], peakWorkingSet[i]) = MeasureMemory(cases[i].Run);
        }

        // Timed rounds: each round runs every case once, so background load hits them alike.
        var times = cases.Select(_ => new List<double>()).ToArray();
        var results = new double[cases.Count];
        for (int r = 0; r < reps; r++)
        {
            for (int i = 0; i < cases.Count; i++)
            {
                Prepare(cases[i]);
                FullCollect();
                long t0 = Stopwatch.GetTimestamp();
                results[i] = cases[i].Run();
                times[i].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            Console.WriteLine($"  round {r + 1}: " + string.Join(", ", times.Select(t => $"{t[^1]:N2} s")));
        }

        double sortMedian = Median(times[0]);
        Console.WriteLine();
        Console.WriteLine($"{"Operation",-40} {"median s",9} {"min–max s",13} {"× sort",7} {"alloc MB",9} {"× input",8} {"peak heap MB",13} {"× input",8} {"peak WS MB",11} {"× input",8}");
        for (int i = 0; i < cases.Count; i++)
        {
            double median = Median(times[i]);
            Console.WriteLine($"{cases[i].Name,-40} {median,9:N2} {$"{times[i].Min():N2}–{times[i].Max():N2}",13} {median / sortMedian,7:N2} " +
                $"{allocated[i] / 1e6,9:N0} {(double)allocated[i] / inputBytes,8:N2} {peakHeap[i] / 1e6,13:N0} {(double)peakHeap[i] / inputBytes,8:N2} " +
                $"{peakWorkingSet[i] / 1e6,11:N0} {(double)peakWorkingSet[i] / inputBytes,8:N2}");
        }
        Console.WriteLine();
        Console.WriteLine($"results: AUC {results[1]:F6}, Qini {results[2]:F6}, top-decile uplift {results[3]:F6}");
        Console.WriteLine("Targets: time ≤ 3× sort, memory ≤ 3× input arrays.");
        for (int i = 1; i < cases.Count; i++)
        {
            double t = Median(times[i]) / sortMedian, m = (double)Math.Max(peakHeap[i], allocated[i]) / inputBytes;
            Console.WriteLine($"  {cases[i].Name,-40} time {t:N2}× {(t <= 3 ? "ok" : "MISSES")}, " +
                $"memory (allocated) {(double)allocated[i] / inputBytes:N2}× {(allocated[i] <= 3 * inputBytes ? "ok" : "MISSES")}, " +
                $"peak heap growth {(double)peakHeap[i] / inputBytes:N2}× {(peakHeap[i] <= 3 * inputBytes ? "ok" : "MISSES")}");
            _ = m;
        }
        return 0;
    }

    /// <summary>
    /// Seeded Criteo-uplift-like rows: treatment ~ Bernoulli(0.85); a latent u ~ U(0, 1) sets the visit
    /// probability 0.0427 for control and 0.0427 + 0.01·u for treated (overall ≈ 4.7%, a small heterogeneous
    /// effect); the score is u plus N(0, 0.3²) noise, rounded to 1e-8 (so a few percent of rows tie).
    /// </summary>
    public static void Generate(int rows, int seed, out double[] yTrue, out double[] scores, out double[] treatment)
    {
        var rng = new Random(seed);
        yTrue = new double[rows];
        scores = new double[rows];
        treatment = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double u = rng.NextDouble();
            bool treated = rng.NextDouble() < 0.85;
            double p = 0.0427 + (treated ? 0.01 * u : 0);
            treatment[i] = treated ? 1 : 0;
            yTrue[i] = rng.NextDouble() < p ? 1 : 0;
            // Box–Muller, one normal per row.
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            scores[i] = Math.Round((u + 0.3 * noise) * 1e8) / 1e8;
        }
    }

    private static (long Allocated, long PeakHeap, long PeakWorkingSet) MeasureMemory(Func<double> run)
    {
        FullCollect();
        long heap0 = GC.GetTotalMemory(false);
        long ws0 = Environment.WorkingSet;
        long peakHeap = heap0, peakWs = ws0;
        bool done = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                peakWs = Math.Max(peakWs, Environment.WorkingSet);
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sampler.Start();
        long a0 = GC.GetTotalAllocatedBytes(precise: true);
        run();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - a0;
        Volatile.Write(ref done, true);
        sampler.Join();
        return (allocated, Math.Max(0, peakHeap - heap0), Math.Max(0, peakWs - ws0));
    }

    private static void WarmUp(double[] yTrue, double[] scores, double[] treatment, int n)
    {
        var y = yTrue.AsSpan(0, n);
        var s = scores.AsSpan(0, n);
        var t = treatment.AsSpan(0, n);
        var copy = new double[n];
        for (int k = 0; k < 30; k++)
        {
            s.CopyTo(copy);
            Array.Sort(copy);
            RankingMetrics.RocAuc(y, s);
            UpliftScores.QiniCoefficient(y, s, t);
            UpliftByBins.Compute(y, s, t, bins: 10);
        }
    }

    private static void FullCollect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    private static int Distinct(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        int distinct = copy.Length > 0 ? 1 : 0;
        for (int i = 1; i < copy.Length; i++) if (copy[i] != copy[i - 1]) distinct++;
        return distinct;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }
}
