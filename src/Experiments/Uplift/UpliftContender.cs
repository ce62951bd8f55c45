namespace MarketLab.Experiments.Uplift;

/// <summary>
/// One ranking judged by <see cref="UpliftEvaluation"/>: a learner fitted on the training rows, or scores of the held-out
/// rows made elsewhere (random targeting, a model scored outside this library).
/// </summary>
public sealed record UpliftContender
{
    private UpliftContender(string? name, IUpliftLearner? learner, double[]? scores)
    {
        Name = name;
        Learner = learner;
        Scores = scores;
    }

    /// <summary>The name in the report; null: the fitted model's name.</summary>
    public string? Name { get; }

    /// <summary>The learner to fit on the training rows, or null when <see cref="Scores"/> is given.</summary>
    public IUpliftLearner? Learner { get; }

    /// <summary>Predicted uplift of each held-out row, or null when <see cref="Learner"/> is given.</summary>
    public double[]? Scores { get; }

    /// <summary>Fits <paramref name="learner"/> on the training rows and scores the held-out rows.</summary>
    public static UpliftContender Fitting(IUpliftLearner learner, string? name = null) =>
        new(name, learner ?? throw new ArgumentNullException(nameof(learner)), null);

    /// <summary>Held-out scores made elsewhere, one per held-out row in order.</summary>
    public static UpliftContender Scored(string name, double[] scores)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(name, null, scores ?? throw new ArgumentNullException(nameof(scores)));
    }
}
