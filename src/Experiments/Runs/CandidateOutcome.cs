namespace MarketLab.Experiments.Runs;

/// <summary>
/// What a finished candidate hands to the store and the report: flat metrics (compared across runs) and the
/// details the report draws (lifts with intervals, curves, warnings), all copied from Evaluation's results.
/// Serialised to JSON in the run store, so a resumed run can render candidates it did not re-run.
/// </summary>
public sealed record CandidateOutcome
{
    /// <summary>Metric name → value, e.g. <c>conversion.b.relative_lift</c> or <c>holdout_profit_best</c>.</summary>
    public SortedDictionary<string, double> Metrics { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The metric the leaderboard ranks by (higher is better); null when the kind has none.</summary>
    public string? PrimaryMetric { get; init; }

    /// <summary>A/B comparisons, for the forest plot and the table.</summary>
    public List<LiftRow> Lifts { get; init; } = [];

    /// <summary>A/B sample-ratio-mismatch check.</summary>
    public SrmSummary? Srm { get; init; }

    /// <summary>Curves to draw (profit over targeted share, …), each with its own name.</summary>
    public List<CurveSeries> Curves { get; init; } = [];

    /// <summary>Warnings from the analysis (SRM, guardrails, comparisons that could not be computed).</summary>
    public List<string> Warnings { get; init; } = [];

    /// <summary>Notes for the report (e.g. AutoML's best trainer and its parameters); not compared across runs.</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>Files the candidate wrote, relative to the run's folder.</summary>
    public List<string> Artifacts { get; init; } = [];

    /// <summary>
    /// Held-out predictions of a classification candidate (text or tabular), one entry per test row in the order of
    /// the dataset's test split, so candidates of one run on the same split pair up row by row (McNemar's test). The
    /// report draws the confusion matrix, ROC/PR and reliability charts from them. Null for other tasks.
    /// </summary>
    public ClassificationPredictions? Predictions { get; init; }

    /// <summary>
    /// The statistics of <see cref="Predictions"/> that the report shows (accuracy with its interval, confusion matrix,
    /// ROC/PR curves, calibration), computed by the runner when the candidate finishes; null for other tasks.
    /// </summary>
    public Statistics.ClassifierStatistics? Classifier { get; init; }

    /// <summary>A recommender's ranking figures and per-user rank outcomes; null for other tasks.</summary>
    public RecommenderRanking? Ranking { get; init; }

    /// <summary>What the candidate cost (train time, inference speed, model size): shown in the report, never compared across runs.</summary>
    public CandidateCost? Cost { get; init; }
}

/// <summary>
/// Per-row held-out predictions: class names, the true and the predicted class index of each test row, and when
/// the model gives them, the class probabilities of each row (<c>Probabilities[row][class]</c>, rows summing to 1).
/// </summary>
public sealed record ClassificationPredictions(List<string> Classes, List<int> Truth, List<int> Predicted, List<double[]>? Probabilities);

/// <summary>Cost of a candidate: training wall time, inference rows per second and the saved model's size (null when unknown).</summary>
public sealed record CandidateCost(double TrainSeconds, double? InferenceRowsPerSecond, long? ModelBytes);

/// <summary>One arm × metric comparison against control, as AbAnalysis returned it.</summary>
public sealed record LiftRow(
    string Metric, string Arm, string Control, double? ControlValue, double? ArmValue,
    double? RelativeLift, double? RelativeLower, double? RelativeUpper, double? PValue, double? AdjustedPValue,
    double? ChanceToBeatControl, string? Error);

/// <summary>Sample-ratio-mismatch check: arms with observed and expected units, the p-value and the verdict.</summary>
public sealed record SrmSummary(List<string> Arms, List<long> Units, List<double> Expected, double PValue, bool Mismatch);

/// <summary>A named curve: x and y values with axis labels and the chart it belongs to.</summary>
public sealed record CurveSeries(string Chart, string Name, string XLabel, string YLabel, List<double> X, List<double> Y);
