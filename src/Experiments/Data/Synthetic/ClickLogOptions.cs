namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>Settings of the synthetic click log; each value is checked when it is set.</summary>
public sealed record ClickLogOptions
{
    /// <summary>Logged rounds, at least 1.</summary>
    public int Rounds
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Rounds), value, "Rounds must be at least 1.");
    } = 10_000;

    /// <summary>Actions (items, banners, offers), at least 2.</summary>
    public int Actions
    {
        get;
        init => field = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(Actions), value, "Actions must be at least 2.");
    } = 5;

    /// <summary>Context features, at least 1.</summary>
    public int Features
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Features), value, "Features must be at least 1.");
    } = 3;

    /// <summary>Softmax temperature of the logging policy over the reward logits; larger is closer to uniform,
    /// which keeps propensities away from 0. Must be positive and finite.</summary>
    public double LoggingTemperature
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(LoggingTemperature), value, "LoggingTemperature must be positive and finite.");
    } = 2;

    /// <summary>Seed; the same seed and options give the same log.</summary>
    public int Seed { get; init; }
}
