using System.Globalization;

namespace MarketLab.Experiments.Data.Sequences;

/// <summary>
/// Where a <see cref="TimeSplit"/> cuts a log: an absolute instant (ISO 8601, e.g. <c>2017-12-02T00:00:00Z</c>; no
/// offset means UTC) or a fraction in (0, 1) of the log's events by time (<c>0.8</c>: the timestamp before which
/// about 80% of the events lie).
/// </summary>
public sealed record TimeCut
{
    private TimeCut(long? instant, double? fraction, string text)
    {
        Instant = instant;
        Fraction = fraction;
        Text = text;
    }

    /// <summary>The cut in Unix seconds, when given as a timestamp.</summary>
    public long? Instant { get; }

    /// <summary>The share of events before the cut, when given as a fraction.</summary>
    public double? Fraction { get; }

    /// <summary>The text the cut was parsed from.</summary>
    public string Text { get; }

    /// <summary>Parses a fraction in (0, 1) or an ISO 8601 timestamp.</summary>
    /// <exception cref="ArgumentException">Neither, or a fraction outside (0, 1).</exception>
    public static TimeCut Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double f))
            return f > 0 && f < 1 ? new TimeCut(null, f, t)
                : throw new ArgumentException($"Time cut '{text}': a fraction of the events must lie strictly between 0 and 1.", nameof(text));
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            return new TimeCut(instant.ToUnixTimeSeconds(), null, t);
        throw new ArgumentException($"Time cut '{text}' is neither a fraction in (0, 1) nor an ISO 8601 timestamp (e.g. 2017-12-02T00:00:00Z).", nameof(text));
    }

    /// <summary>The cut in Unix seconds for <paramref name="timestamps"/>: the instant itself, or the timestamp at
    /// position floor(fraction · n) of the sorted timestamps (events at that very second fall after the cut).</summary>
    public long Resolve(IReadOnlyList<long> timestamps)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        if (Instant is long i) return i;
        if (timestamps.Count == 0) throw new ArgumentException("No timestamps to place a fractional cut in.", nameof(timestamps));
        var sorted = timestamps.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(Fraction!.Value * sorted.Length))];
    }

    public override string ToString() => Text;
}
