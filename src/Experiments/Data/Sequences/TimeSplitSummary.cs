namespace MarketLab.Experiments.Data.Sequences;

/// <summary>How a <see cref="TimeSplit"/> divided a log.</summary>
/// <param name="Cut">The cut as given.</param>
/// <param name="CutUnixSeconds">The cut instant: events at or after it are held out.</param>
/// <param name="EventsBefore">Events before the cut (training and validation).</param>
/// <param name="EventsAfter">Events at or after the cut (only each evaluated user's first one is used, as the test item).</param>
/// <param name="EvaluatedUsers">Users with at least 2 events before the cut and one after it.</param>
/// <param name="SkippedUsers">Users whose events all lie after the cut: no training history, left out entirely.</param>
/// <param name="ShortUsers">Users with a single event before the cut and some after it: kept in training, not evaluated
/// (no training item would remain beside the validation item).</param>
/// <param name="TrainingOnlyUsers">Users with no event after the cut: all their events train.</param>
public sealed record TimeSplitSummary(string Cut, long CutUnixSeconds, int EventsBefore, int EventsAfter,
    int EvaluatedUsers, int SkippedUsers, int ShortUsers, int TrainingOnlyUsers)
{
    /// <summary>The cut as an ISO 8601 UTC instant.</summary>
    public string CutText => DateTimeOffset.FromUnixTimeSeconds(CutUnixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private bool Fraction => TimeCut.Parse(Cut).Fraction is not null;

    /// <summary>One line for logs and tables.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"time split at {CutText}{(Fraction ? $" ({Cut} of the events)" : "")}: {EventsBefore:N0} events before, {EventsAfter:N0} at or after; {EvaluatedUsers:N0} users evaluated, {SkippedUsers:N0} skipped (no event before the cut), {ShortUsers:N0} with one event before the cut (training only), {TrainingOnlyUsers:N0} with none after it (training only)");
}
