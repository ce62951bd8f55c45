namespace MarketLab.Evaluation.AbTesting;

/// <summary>Settings of an A/B analysis; validated once by <see cref="Validate"/>.</summary>
public sealed record AbAnalysisOptions
{
    /// <summary>Significance level; credible intervals use mass 1 − α.</summary>
    public double Alpha { get; init; } = 0.05;

    public Alternative Alternative { get; init; } = Alternative.TwoSided;

    public AnalysisMethod Method { get; init; } = AnalysisMethod.Frequentist;

    /// <summary>Correction across every arm × metric comparison (frequentist and sequential p-values).</summary>
    public CorrectionMethod Correction { get; init; } = CorrectionMethod.Holm;

    /// <summary>Planned traffic split by arm name; null means equal weights.</summary>
    public IReadOnlyDictionary<string, double>? PlannedWeights { get; init; }

    /// <summary>SRM is flagged when its chi-square p-value falls below this (0.001 is the industry convention).</summary>
    public double SrmThreshold { get; init; } = 0.001;

    /// <summary>Sample size at which the sequential boundary is tightest.</summary>
    public double SequentialTuningSampleSize { get; init; } = 5000;

    /// <summary>Prior of the Beta-Binomial model for proportions; null means Beta(1, 1).</summary>
    public BetaPrior? ProportionPrior { get; init; }

    /// <summary>Prior on the relative lift for the Gaussian model (means, ratios, CUPED); null means flat.</summary>
    public NormalPrior? LiftPrior { get; init; }

    /// <summary>Use the pooled variance under H₀ for the two-proportion z-test p-value (statsmodels' default).</summary>
    public bool PooledProportionTest { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(Alpha > 0 && Alpha < 1)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must lie strictly between 0 and 1.");
        if (!(SrmThreshold > 0 && SrmThreshold < 1)) throw new ArgumentOutOfRangeException(nameof(SrmThreshold), SrmThreshold, "The SRM threshold must lie strictly between 0 and 1.");
        if (!(SequentialTuningSampleSize >= 1)) throw new ArgumentOutOfRangeException(nameof(SequentialTuningSampleSize), SequentialTuningSampleSize, "The sequential tuning sample size must be at least 1.");
        if (!Enum.IsDefined(Alternative)) throw new ArgumentOutOfRangeException(nameof(Alternative), Alternative, "Unknown alternative.");
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown analysis method.");
        if (!Enum.IsDefined(Correction)) throw new ArgumentOutOfRangeException(nameof(Correction), Correction, "Unknown correction method.");
        if (ProportionPrior is { } beta && !(beta.Alpha > 0 && beta.Beta > 0))
            throw new ArgumentOutOfRangeException(nameof(ProportionPrior), beta, "Beta prior parameters must be positive.");
        if (LiftPrior is { } normal && !(normal.StandardDeviation > 0) )
            throw new ArgumentOutOfRangeException(nameof(LiftPrior), normal, "The lift prior's standard deviation must be positive.");
        if (PlannedWeights is not null)
            foreach (var (arm, weight) in PlannedWeights)
                if (!(weight > 0) || double.IsInfinity(weight))
                    throw new ArgumentOutOfRangeException(nameof(PlannedWeights), weight, $"Planned weight of arm '{arm}' must be positive and finite.");
    }
}
