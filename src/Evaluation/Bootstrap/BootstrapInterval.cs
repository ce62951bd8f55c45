namespace MarketLab.Evaluation.Bootstrap;

/// <summary>
/// Seeded nonparametric bootstrap confidence intervals for any statistic of one sample, or of two
/// independent samples (treatment vs control), resampling units with replacement within each sample.
/// </summary>
/// <remarks>
/// Resampling order is fixed: one <see cref="Random"/> seeded with <see cref="BootstrapOptions.Seed"/>; for
/// each replicate in turn, the control indices, then the treatment indices. Work is sequential, so results
/// do not depend on the machine. BCa needs the jackknife (leave-one-out) statistic of every unit of every
/// sample, which costs n evaluations of the statistic per sample; for very large samples prefer the
/// percentile method or a statistic of pre-aggregated data.
/// </remarks>
public static class BootstrapInterval
{
    /// <summary>Interval for a statistic of one sample (a mean, median, trimmed mean, quantile...).</summary>
    /// <param name="sample">The units' values, at least 2, all finite.</param>
    /// <param name="statistic">Maps a sample to the statistic; called with resamples of the same length
    /// (and, for BCa, with leave-one-out samples one shorter). It must not keep the span.</param>
    /// <param name="options">Settings; defaults to 2000 BCa resamples at 95%, seed 0.</param>
    public static BootstrapResult OneSample(ReadOnlySpan<double> sample, Func<ReadOnlySpan<double>, double> statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        double[] data = Checked(sample, nameof(sample));
        return Run([data], buffers => statistic(buffers[0]), options ?? new BootstrapOptions());
    }

    /// <summary>Interval for a statistic of two independent samples, each resampled within itself.</summary>
    /// <param name="control">Control units, at least 2, all finite.</param>
    /// <param name="treatment">Treatment units, at least 2, all finite.</param>
    /// <param name="statistic">Maps (control, treatment) to the statistic, e.g. a difference or ratio of medians.</param>
    /// <param name="options">Settings; defaults to 2000 BCa resamples at 95%, seed 0.</param>
    public static BootstrapResult TwoSample(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment,
        Func<ReadOnlySpan<double>, ReadOnlySpan<double>, double> statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        double[] c = Checked(control, nameof(control));
        double[] t = Checked(treatment, nameof(treatment));
        return Run([c, t], buffers => statistic(buffers[0], buffers[1]), options ?? new BootstrapOptions());
    }

    /// <summary>Interval for statistic(treatment) − statistic(control), the A/B effect in any statistic.</summary>
    /// <param name="control">Control units, at least 2, all finite.</param>
    /// <param name="treatment">Treatment units, at least 2, all finite.</param>
    /// <param name="statistic">The per-arm statistic (mean, median, 90th percentile...).</param>
    /// <param name="options">Settings; defaults to 2000 BCa resamples at 95%, seed 0.</param>
    public static BootstrapResult Difference(ReadOnlySpan<double> control, ReadOnlySpan<double> treatment,
        Func<ReadOnlySpan<double>, double> statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return TwoSample(control, treatment, (c, t) => statistic(t) - statistic(c), options);
    }

    private static BootstrapResult Run(double[][] samples, Func<double[][], double> statistic, BootstrapOptions options)
    {
        double estimate = Evaluate(statistic, samples, "the original data");
        int b = options.Resamples;
        var replicates = new double[b];
        var random = new Random(options.Seed);
        var buffers = samples.Select(s => new double[s.Length]).ToArray();
        for (int r = 0; r < b; r++)
        {
            for (int j = 0; j < samples.Length; j++)
            {
                double[] source = samples[j], target = buffers[j];
                for (int i = 0; i < target.Length; i++) target[i] = source[random.Next(source.Length)];
            }
            replicates[r] = Evaluate(statistic, buffers, "bootstrap resample", r);
        }

        double[] sorted = (double[])replicates.Clone();
        Array.Sort(sorted);
        var interval = options.Method == BootstrapMethod.Bca
            ? BootstrapEndpoints.Bca(sorted, Jackknife(samples, statistic), estimate, options.ConfidenceLevel, options.Alternative)
            : BootstrapEndpoints.Percentile(sorted, options.ConfidenceLevel, options.Alternative);
        return new BootstrapResult(estimate, interval, StandardDeviation(replicates), Array.AsReadOnly(replicates),
            options.Method, options.ConfidenceLevel);
    }

    /// <summary>Leave-one-out values of the statistic for each sample in turn, the others kept whole.</summary>
    internal static double[][] Jackknife(double[][] samples, Func<double[][], double> statistic)
    {
        var result = new double[samples.Length][];
        var buffers = (double[][])samples.Clone();
        for (int j = 0; j < samples.Length; j++)
        {
            double[] source = samples[j];
            var shorter = new double[source.Length - 1];
            buffers[j] = shorter;
            result[j] = new double[source.Length];
            for (int left = 0; left < source.Length; left++)
            {
                source.AsSpan(0, left).CopyTo(shorter);
                source.AsSpan(left + 1).CopyTo(shorter.AsSpan(left));
                result[j][left] = Evaluate(statistic, buffers, "the jackknife sample without unit", left);
            }
            buffers[j] = source;
        }
        return result;
    }

    private static double Evaluate(Func<double[][], double> statistic, double[][] buffers, string what, int index = -1)
    {
        double value = statistic(buffers);
        return double.IsFinite(value) ? value
            : throw new ArgumentException($"The statistic returned {value} on {what}{(index >= 0 ? $" {index}" : "")}; it must be finite on every resample.", nameof(statistic));
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average(), squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / (values.Length - 1));
    }

    private static double[] Checked(ReadOnlySpan<double> sample, string name)
    {
        if (sample.Length < 2)
            throw new ArgumentException($"{name} has {sample.Length} values; the bootstrap needs at least 2.", name);
        for (int i = 0; i < sample.Length; i++)
            if (!double.IsFinite(sample[i]))
                throw new ArgumentException($"{name}[{i}] is {sample[i]}; values must be finite numbers.", name);
        return sample.ToArray();
    }
}
