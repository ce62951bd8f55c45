using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Statistics;

namespace MarketLab.Experiments.Reports;

/// <summary>
/// Recommenders of a run: each one's Hit@10, NDCG@10 and MRR under the sampled protocol and full ranking with
/// bootstrap intervals over users, coverage and popularity bias, Hit@k and NDCG@k over k, and the best recommender
/// against each other one, paired over users. It renders the candidates' stored <see cref="RecommenderRanking"/> and
/// the run's stored <see cref="RecommenderComparison"/>; it computes none.
/// </summary>
internal sealed class RecommendersSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => Rankers(model).Any();

    private static List<(string Name, CandidateOutcome Outcome, RecommenderRanking R)> Rankers(ReportModel model) =>
        model.Completed.Where(c => c.Outcome.Ranking is not null).Select(c => (c.Record.Name, c.Outcome, c.Outcome.Ranking!)).ToList();

    public void Render(ReportModel model, Html html)
    {
        var rankers = Rankers(model);
        var first = rankers[0].R;
        html.Raw("<section class=\"recommenders\"><h2>Recommenders</h2>");
        string sampled = first.Negatives > 0
            ? FormattableString.Invariant($"sampled: the test item among {first.Negatives} sampled negatives (Kang & McAuley 2018); ")
            : "";
        html.Element("p", FormattableString.Invariant($"Each user's last item is the test item (leave-one-out). {first.Users:N0} users, {first.Items:N0} candidate items; ")
            + sampled + "full: among all items (Krichene & Rendle 2020 show sampled metrics can mislead). 95% percentile bootstrap intervals over users.");
        html.Table(["candidate", "sampled Hit@10", "sampled NDCG@10", "full Hit@10", "full NDCG@10", "full MRR", $"coverage@{first.ListLength}", "popularity bias", "fit (s)"],
            rankers.Select(r => (IReadOnlyList<string?>)
            [
                r.Name, Figure(r.R.Sampled, "Hit@10"), Figure(r.R.Sampled, "NDCG@10"), Figure(r.R.Full, "Hit@10"), Figure(r.R.Full, "NDCG@10"),
                Figure(r.R.Full, "MRR"), Html.Number(r.R.Coverage), Html.Number(r.R.PopularityBias), Html.Number(r.Outcome.Cost?.TrainSeconds),
            ]), "recommenders");

        foreach (var (protocol, pick) in new (string, Func<RecommenderRanking, IReadOnlyList<RankingFigure>>)[] { ("full ranking", r => r.Full), ("sampled", r => r.Sampled) })
        {
            foreach (string kind in new[] { "Hit", "NDCG" })
            {
                var series = rankers.Select(r => pick(r.R).Where(f => f.Metric.StartsWith(kind + "@", StringComparison.Ordinal)).OrderBy(f => f.K).ToList())
                    .Zip(rankers, (figures, r) => new CurveSeries($"{kind}@k ({protocol})", r.Name, "k", $"{kind}@k", figures.Select(f => (double)f.K).ToList(), figures.Select(f => f.Estimate).ToList()))
                    .Where(s => s.X.Count > 1).ToList();
                if (series.Count > 0) html.Svg(Charts.Curves($"{kind}@k over k ({protocol})", series));
            }
        }

        if (model.Statistics.Recommenders is { } comparison)
        {
            html.Element("h3", $"{comparison.Best} against the others, paired over users");
            html.Table(["against", "protocol", "metric", comparison.Best, "other", "difference", "95% paired bootstrap interval", "paired t-test p"],
                comparison.Tests.Select(t => (IReadOnlyList<string?>)(t.Problem is { } problem
                    ? [t.B, t.Protocol, t.Metric, "–", "–", "–", "–", $"not tested: {problem}"]
                    : [t.B, t.Protocol, t.Metric, Html.Number(t.MeanA), Html.Number(t.MeanB), Signed(t.Difference),
                       $"[{Signed(t.Lower)}, {Signed(t.Upper)}]", Html.Number(t.PValue)])), "recommender-pairs");
        }
        html.Raw("</section>");
    }

    private static string Figure(IReadOnlyList<RankingFigure> figures, string metric) =>
        figures.FirstOrDefault(f => f.Metric == metric) is { } f ? $"{Html.Number(f.Estimate)} [{Html.Number(f.Lower)}, {Html.Number(f.Upper)}]" : "–";

    private static string Signed(double value) => (value > 0 ? "+" : "") + Html.Number(value);
}
