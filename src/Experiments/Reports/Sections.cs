using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Reports;

/// <summary>Warnings first: SRM, guardrails, comparisons that could not be computed, failed candidates.</summary>
internal sealed class WarningsSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => Warnings(model).Any();

    public void Render(ReportModel model, Html html)
    {
        html.Raw("<section class=\"warnings\"><h2>Warnings</h2><ul>");
        foreach (string w in Warnings(model)) html.Element("li", w);
        html.Raw("</ul></section>");
    }

    private static IEnumerable<string> Warnings(ReportModel model) =>
        model.Completed.SelectMany(c => c.Outcome.Warnings.Select(w => $"{c.Record.Name}: {w}"))
            .Concat(model.Candidates.Where(c => c.Status == CandidateStatus.Failed).Select(c => $"{c.Name} failed: {c.Error}"))
            .Concat(model.Candidates.Count < model.Spec.Candidates.Count ? [$"Only {model.Candidates.Count} of {model.Spec.Candidates.Count} candidates have finished."] : []);
}

/// <summary>Notes of candidates (e.g. AutoML's best trainer and parameters).</summary>
internal sealed class NotesSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => model.Completed.Any(c => c.Outcome.Notes.Count > 0);

    public void Render(ReportModel model, Html html)
    {
        html.Raw("<section><h2>Notes</h2><ul>");
        foreach (var c in model.Completed)
            foreach (string note in c.Outcome.Notes) html.Element("li", $"{c.Record.Name}: {note}");
        html.Raw("</ul></section>");
    }
}

/// <summary>Leaderboard: every candidate with its status, primary metric and duration, best first.</summary>
internal sealed class LeaderboardSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => model.Candidates.Count > 0;

    public void Render(ReportModel model, Html html)
    {
        html.Raw("<section><h2>Leaderboard</h2>");
        var ordered = model.Candidates
            .OrderByDescending(c => c.Outcome?.PrimaryMetric is { } m && c.Outcome.Metrics.TryGetValue(m, out double v) ? v : double.NegativeInfinity)
            .ThenBy(c => c.Position);
        html.Table(["rank", "candidate", "kind", "status", "primary metric", "value", "duration (s)"],
            ordered.Select((c, i) => (IReadOnlyList<string?>)
            [
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, c.Kind, c.Status.ToString().ToLowerInvariant(),
                c.Outcome?.PrimaryMetric ?? "–",
                c.Outcome?.PrimaryMetric is { } m && c.Outcome.Metrics.TryGetValue(m, out double v) ? Html.Number(v) : "–",
                c.DurationSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
            ]));
        html.Raw("</section>");
    }
}

/// <summary>A/B tests: a lift forest plot per candidate, the comparison table and the SRM check.</summary>
internal sealed class AbSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => model.Completed.Any(c => c.Outcome.Lifts.Count > 0);

    public void Render(ReportModel model, Html html)
    {
        html.Raw("<section><h2>A/B test</h2>");
        foreach (var (record, outcome) in model.Completed.Where(c => c.Outcome.Lifts.Count > 0))
        {
            html.Element("h3", record.Name);
            html.Svg(Charts.LiftForest($"{record.Name}: relative lift", outcome.Lifts));
            html.Table(["metric", "arm", "control value", "arm value", "relative lift", "interval", "p-value", "adjusted p", "P(beat control)", "note"],
                outcome.Lifts.Select(l => (IReadOnlyList<string?>)
                [
                    l.Metric, l.Arm, Html.Number(l.ControlValue), Html.Number(l.ArmValue), Percent(l.RelativeLift),
                    l.RelativeLower is null ? "–" : $"[{Percent(l.RelativeLower)}, {Percent(l.RelativeUpper)}]",
                    Html.Number(l.PValue), Html.Number(l.AdjustedPValue), Html.Number(l.ChanceToBeatControl), l.Error ?? "",
                ]));
            if (outcome.Srm is { } srm)
            {
                html.Element("h4", $"Sample ratio check: p = {Html.Number(srm.PValue)}{(srm.Mismatch ? " — MISMATCH" : " — ok")}", srm.Mismatch ? "bad" : "ok");
                html.Table(["arm", "units", "expected"], srm.Arms.Select((a, i) => (IReadOnlyList<string?>)[a, srm.Units[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Html.Number(srm.Expected[i])]));
            }
        }
        html.Raw("</section>");
    }

    private static string Percent(double? v) => v is { } x ? (100 * x).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "%" : "–";
}

/// <summary>
/// Curves from every candidate, one chart per curve kind (profit on the holdout, the Qini curve, true profit on
/// simulated data), and a table of every candidate's metrics.
/// </summary>
internal sealed class CurvesSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => model.Completed.Any(c => c.Outcome.Curves.Count > 0);

    public void Render(ReportModel model, Html html)
    {
        // Uplift candidates draw targeting curves (profit by share targeted); AutoML its best-so-far search curve.
        html.Raw($"<section><h2>{(model.Spec.Task == ExperimentTask.Uplift ? "Targeting curves" : "Curves")}</h2>");
        // BERT's learning curves are drawn once: in "BERT versus AutoML" when that section applies, here otherwise.
        bool drawnThere = BertVsAutoMLSection.Applies(model);
        foreach (var chart in model.Completed.SelectMany(c => c.Outcome.Curves).GroupBy(s => s.Chart))
            if (!(drawnThere && BertVsAutoMLSection.LearningCurveCharts.Contains(chart.Key)))
                html.Svg(Charts.Curves(chart.Key, chart.ToList()));
        var names = model.Completed.SelectMany(c => c.Outcome.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Element("h3", "Held-out metrics");
        html.Table(["candidate", .. names],
            model.Completed.Select(c => (IReadOnlyList<string?>)[c.Record.Name, .. names.Select(n => c.Outcome.Metrics.TryGetValue(n, out double v) ? Html.Number(v) : "–")]));
        html.Raw("</section>");
    }
}

/// <summary>Where and with what the run ran, and the spec itself.</summary>
internal sealed class EnvironmentSection : IReportSection
{
    public bool AppliesTo(ReportModel model) => true;

    public void Render(ReportModel model, Html html)
    {
        var run = model.Run;
        html.Raw("<section><h2>Environment</h2>");
        html.Table(["", ""],
        [
            ["run", run.Id], ["status", run.Status.ToString().ToLowerInvariant()], ["spec file", run.SpecPath ?? "(inline)"],
            ["spec SHA-256", run.SpecSha256], ["seed", run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["git commit", run.GitCommit ?? "not a git checkout"], ["started", run.StartedAt.ToString("u")], ["ended", run.EndedAt?.ToString("u") ?? "–"],
            .. run.Hardware.Select(h => (IReadOnlyList<string?>)[h.Key, h.Value]),
            .. run.Packages.Select(p => (IReadOnlyList<string?>)[p.Key, p.Value]),
        ], "environment");
        html.Raw("<details><summary>Spec</summary><pre>").Text(run.SpecText).Raw("</pre></details></section>");
    }
}
