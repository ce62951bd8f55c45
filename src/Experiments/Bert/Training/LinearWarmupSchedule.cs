namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// Linear warm-up from 0 to the peak learning rate, then linear decay to 0: transformers'
/// <c>get_linear_schedule_with_warmup</c> (optimization.py), evaluated at the 0-based optimizer step.
/// </summary>
public sealed record LinearWarmupSchedule(int WarmupSteps, int TotalSteps)
{
    /// <summary>The multiplier of the peak rate for the update at <paramref name="step"/> (0-based).</summary>
    public double Multiplier(int step)
    {
        if (step < WarmupSteps) return (double)step / Math.Max(1, WarmupSteps);
        return Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
    }

    /// <summary>Warm-up over <paramref name="warmupFraction"/> of <paramref name="totalSteps"/> (rounded down).</summary>
    public static LinearWarmupSchedule FromFraction(double warmupFraction, int totalSteps)
    {
        if (warmupFraction is < 0 or > 1 || double.IsNaN(warmupFraction))
            throw new ArgumentOutOfRangeException(nameof(warmupFraction), warmupFraction, $"warmupFraction must be in [0, 1]; got {warmupFraction}.");
        return new LinearWarmupSchedule((int)(warmupFraction * totalSteps), totalSteps);
    }
}
