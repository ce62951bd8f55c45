namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// Analyses a multi-arm experiment: the sample-ratio-mismatch guardrail, every arm against control on
/// every metric with the chosen method, and a multiple-comparison correction across arms × metrics.
/// </summary>
public static class AbAnalysis
{
    public static ExperimentResult Analyze(ExperimentData data, string control, IReadOnlyList<MetricSpec> metrics, AbAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(metrics);
        options ??= new AbAnalysisOptions();
        options.Validate();
        if (metrics.Count == 0) throw new ArgumentException("Name at least one metric to analyse.", nameof(metrics));
        if (metrics.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != metrics.Count)
            throw new ArgumentException("Metric names must be unique.", nameof(metrics));

        var controlArm = data.Arm(control);
        var shares = PlannedShares(data, options.PlannedWeights);
        var srm = SampleRatioMismatch.Test(data.Arms.Select(a => a.Units).ToList(), shares, options.SrmThreshold);

        var comparisons = new List<ComparisonResult>();
        foreach (var metric in metrics)
        {
            foreach (var arm in data.Arms)
            {
                if (ReferenceEquals(arm, controlArm)) continue;
                comparisons.Add(Compare(controlArm, arm, metric, options));
            }
        }
        comparisons = Adjust(comparisons, options.Correction);

        // Control first, then the other arms in data order: the order reports read best in.
        var arms = data.Arms.Select((a, i) => new ArmSummary(a.Name, a.Units, shares[i]))
            .OrderBy(a => a.Name == control ? 0 : 1).ToList();
        return new ExperimentResult(control, arms, srm, comparisons, options);
    }

    private static ComparisonResult Compare(ArmData control, ArmData arm, MetricSpec metric, AbAnalysisOptions options)
    {
        var result = new ComparisonResult
        {
            Arm = arm.Name,
            Control = control.Name,
            Metric = metric.Name,
            Kind = metric.Kind,
            Method = options.Method,
            ControlUnits = control.Units,
            ArmUnits = arm.Units,
        };
        var controlStats = Statistics(control, metric);
        var armStats = Statistics(arm, metric);
        try
        {
            var c = MetricEstimator.Estimate(controlStats, metric.Kind, metric.HasCovariate);
            var t = MetricEstimator.Estimate(armStats, metric.Kind, metric.HasCovariate);
            bool bernoulli = metric.Kind == MetricKind.Proportion && !metric.HasCovariate;
            var effect = EffectEstimate.Compute(c, t, pooledNullVariance: bernoulli && options.PooledProportionTest);
            result = result with
            {
                ControlValue = effect.ControlValue,
                ArmValue = effect.TreatmentValue,
                Theta = metric.HasCovariate ? effect.Theta : null,
                VarianceReduction = metric.HasCovariate ? effect.VarianceReduction : null,
            };
            return options.Method switch
            {
                AnalysisMethod.Bayesian => WithBayesian(result, effect, controlStats, armStats, bernoulli, options),
                AnalysisMethod.Sequential => WithTest(result, effect, SequentialTest.Evaluate(effect, options.Alpha, options.Alternative, options.SequentialTuningSampleSize)),
                _ => WithTest(result, effect, FrequentistTest.Evaluate(effect, options.Alpha, options.Alternative)),
            };
        }
        catch (AnalysisException e)
        {
            return result with { Error = e.Error, ErrorMessage = e.Message };
        }
    }

    private static ComparisonResult WithTest(ComparisonResult result, EffectEstimate effect, FrequentistResult test) => result with
    {
        AbsoluteLift = effect.Absolute,
        RelativeLift = effect.Relative,
        AbsoluteInterval = test.AbsoluteInterval,
        RelativeInterval = test.RelativeInterval,
        PValue = test.PValue,
    };

    private static ComparisonResult WithBayesian(ComparisonResult result, EffectEstimate effect, SufficientStatistics control,
        SufficientStatistics arm, bool bernoulli, AbAnalysisOptions options)
    {
        double mass = 1 - options.Alpha;
        var posterior = bernoulli
            ? BayesianTest.BetaBinomial(Successes(control), control.Count, Successes(arm), arm.Count, options.ProportionPrior, mass)
            : BayesianTest.Gaussian(effect, options.LiftPrior, mass);
        return result with
        {
            AbsoluteLift = posterior.AbsoluteLift,
            RelativeLift = posterior.RelativeLift,
            AbsoluteInterval = posterior.AbsoluteInterval,
            RelativeInterval = posterior.RelativeInterval,
            ChanceToBeatControl = posterior.ChanceToBeatControl,
            ExpectedLoss = posterior.ExpectedLoss,
        };
    }

    // A proportion's Σy is a count of successes; sums of 0/1 values are exact in double up to 2^53.
    private static long Successes(SufficientStatistics stats) => (long)Math.Round(stats.Sum(0));

    private static SufficientStatistics Statistics(ArmData arm, MetricSpec metric)
    {
        if (!arm.Metrics.TryGetValue(metric.Name, out var stats))
            throw new ArgumentException($"Arm '{arm.Name}' has no statistics for metric '{metric.Name}'. Metrics it has: {string.Join(", ", arm.Metrics.Keys)}.");
        if (stats.Dimension != metric.Dimension)
            throw new ArgumentException($"Metric '{metric.Name}' ({metric.Kind}{(metric.HasCovariate ? " with a covariate" : "")}) needs {metric.Dimension} variables per unit, but arm '{arm.Name}' has statistics over {stats.Dimension}.");
        return stats;
    }

    private static List<ComparisonResult> Adjust(List<ComparisonResult> comparisons, CorrectionMethod method)
    {
        var tested = comparisons.Select((c, i) => (c, i)).Where(x => x.c.PValue is not null).ToList();
        if (tested.Count == 0) return comparisons;
        var adjusted = MultipleTesting.Adjust(tested.Select(x => x.c.PValue!.Value).ToList(), method);
        for (int k = 0; k < tested.Count; k++)
            comparisons[tested[k].i] = tested[k].c with { AdjustedPValue = adjusted[k] };
        return comparisons;
    }

    private static double[] PlannedShares(ExperimentData data, IReadOnlyDictionary<string, double>? weights)
    {
        if (weights is null) return data.Arms.Select(_ => 1.0 / data.Arms.Count).ToArray();
        foreach (var name in weights.Keys) data.Arm(name); // unknown arm names fail here, listing the known ones
        var raw = data.Arms.Select(a => weights.TryGetValue(a.Name, out double w)
            ? w
            : throw new ArgumentException($"The planned weights give no share for arm '{a.Name}'.")).ToArray();
        double total = raw.Sum();
        return raw.Select(w => w / total).ToArray();
    }
}
