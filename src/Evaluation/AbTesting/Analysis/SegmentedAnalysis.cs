namespace MarketLab.Evaluation.AbTesting;

/// <summary>
/// An A/B analysis repeated in every value of a segment column (a dimension breakdown), with the multiple-comparison
/// correction applied once across all segments × arms × metrics: looking at k segments is k times more chances of a
/// false positive, so the family is the whole breakdown (as GrowthBook's dimension results correct across slices).
/// </summary>
public static class SegmentedAnalysis
{
    /// <summary>
    /// Analyses each segment; a segment without the control arm or with fewer than 2 arms is kept with a
    /// <see cref="SegmentResult.Skipped"/> reason instead of failing the whole breakdown.
    /// </summary>
    public static IReadOnlyList<SegmentResult> Analyze(IReadOnlyList<(string Segment, IReadOnlyList<ArmData> Arms)> segments,
        string control, IReadOnlyList<MetricSpec> metrics, AbAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(control);
        options ??= new AbAnalysisOptions();
        var perSegment = options with { Correction = CorrectionMethod.None };
        var results = new List<SegmentResult>();
        foreach (var (segment, arms) in segments)
        {
            if (!arms.Any(a => a.Name == control))
                results.Add(new SegmentResult(segment, null, $"no units in the control arm '{control}'"));
            else if (arms.Count < 2)
                results.Add(new SegmentResult(segment, null, "only the control arm has units"));
            else
                results.Add(new SegmentResult(segment, AbAnalysis.Analyze(new ExperimentData(arms), control, metrics, perSegment), null));
        }

        var tested = new List<(int Segment, int Comparison, double P)>();
        for (int s = 0; s < results.Count; s++)
            if (results[s].Result is { } r)
                for (int c = 0; c < r.Comparisons.Count; c++)
                    if (r.Comparisons[c].PValue is double p) tested.Add((s, c, p));
        double[] adjusted = MultipleTesting.Adjust(tested.Select(t => t.P).ToList(), options.Correction);
        var comparisons = results.Select(r => r.Result?.Comparisons.ToList()).ToList();
        for (int k = 0; k < tested.Count; k++)
            comparisons[tested[k].Segment]![tested[k].Comparison] = comparisons[tested[k].Segment]![tested[k].Comparison] with { AdjustedPValue = adjusted[k] };
        return results.Select((r, s) => r.Result is null ? r : r with { Result = r.Result with { Comparisons = comparisons[s]!, Options = options } }).ToList();
    }
}

/// <summary>One segment's analysis (p-values adjusted across the whole breakdown), or why it was skipped.</summary>
public sealed record SegmentResult(string Segment, ExperimentResult? Result, string? Skipped);
