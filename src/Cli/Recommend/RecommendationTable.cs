using System.Globalization;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Recommendation;

namespace MarketLab.Cli.Recommend;

/// <summary>Plain-text metric tables of a recommendation run (stable for diffs and docs).</summary>
internal static class RecommendationTable
{
    public static void Write(RecommendationResult r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{r.Users:N0} users, {r.Items:N0} candidate items; {r.UnknownTargets:N0} test items unseen in training (a miss for every model). 95% bootstrap intervals over users."));
        foreach (var (protocol, pick) in new (string, Func<RecommenderSummary, IReadOnlyList<RankingEstimate>>)[]
                 { ($"sampled ({r.Negatives} negatives)", m => m.Sampled), ("full ranking", m => m.Full) })
        {
            if (pick(r.Models[0]).Count == 0) continue;
            output.WriteLine();
            output.WriteLine($"Test items, {protocol}:");
            var metrics = pick(r.Models[0]).Select(e => e.Metric.ToString()).ToArray();
            output.WriteLine(string.Join(" | ", new[] { "model".PadRight(10) }.Concat(metrics.Select(m => m.PadRight(24)))));
            foreach (var m in r.Models)
                output.WriteLine(string.Join(" | ", new[] { m.Name.PadRight(10) }.Concat(pick(m).Select(e =>
                    string.Create(c, $"{e.Estimate:F4} [{e.Interval.Lower:F4}, {e.Interval.Upper:F4}]").PadRight(24)))));
        }
        output.WriteLine();
        output.WriteLine("Top-10 lists (full ranking): coverage, popularity bias (ARP), fit time:");
        foreach (var m in r.Models)
            output.WriteLine(string.Create(c, $"{m.Name.PadRight(10)} coverage {m.Coverage:F4}  ARP {m.PopularityBias:E3}  fit {m.TrainSeconds:F1} s"));
        if (r.Notes.Count > 0)
        {
            output.WriteLine();
            foreach (var note in r.Notes) output.WriteLine(note);
        }
        if (r.Paired.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Paired comparisons (difference A - B over the same users; paired bootstrap interval; paired t-test):");
            foreach (var p in r.Paired)
                output.WriteLine(string.Create(c,
                    $"{p.A} - {p.B}, {p.Protocol} {p.Result.Metric}: {p.Result.Difference:+0.0000;-0.0000} [{p.Result.Interval.Lower:+0.0000;-0.0000}, {p.Result.Interval.Upper:+0.0000;-0.0000}], t = {p.Result.TStatistic:F2}, p = {p.Result.PValue:G3}"));
        }
    }
}
