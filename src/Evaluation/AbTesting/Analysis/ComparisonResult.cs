namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// One arm against control on one metric. When <see cref="Error"/> is not <see cref="AnalysisError.None"/>
/// the statistical fields are null and <see cref="ErrorMessage"/> says why: never a silent NaN.
/// </summary>
public sealed record ComparisonResult
{
    public required string Arm { get; init; }
    public required string Control { get; init; }
    public required string Metric { get; init; }
    public required MetricKind Kind { get; init; }
    public required AnalysisMethod Method { get; init; }
    public required long ControlUnits { get; init; }
    public required long ArmUnits { get; init; }

    public double? ControlValue { get; init; }
    public double? ArmValue { get; init; }

    /// <summary>Arm − control (CUPED-adjusted when a covariate is used).</summary>
    public double? AbsoluteLift { get; init; }

    /// <summary>(Arm − control) / control.</summary>
    public double? RelativeLift { get; init; }

    /// <summary>Confidence interval (frequentist), confidence sequence (sequential) or credible interval (Bayesian) of the absolute lift.</summary>
    public Interval? AbsoluteInterval { get; init; }

    /// <summary>The same for the relative lift.</summary>
    public Interval? RelativeInterval { get; init; }

    /// <summary>Fixed-horizon or always-valid p-value; null for the Bayesian method.</summary>
    public double? PValue { get; init; }

    /// <summary>p-value after the correction across all comparisons.</summary>
    public double? AdjustedPValue { get; init; }

    /// <summary>Posterior P(arm &gt; control); Bayesian method only.</summary>
    public double? ChanceToBeatControl { get; init; }

    /// <summary>Posterior expected loss of shipping the arm, in the metric's units; Bayesian method only.</summary>
    public double? ExpectedLoss { get; init; }

    /// <summary>The CUPED coefficient θ, when a covariate was used.</summary>
    public double? Theta { get; init; }

    /// <summary>Share of Var(Δ) removed by CUPED, when a covariate was used.</summary>
    public double? VarianceReduction { get; init; }

    public AnalysisError Error { get; init; }
    public string? ErrorMessage { get; init; }

    public bool IsValid => Error == AnalysisError.None;
}
