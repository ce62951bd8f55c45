using System.Globalization;
using MarketLab.Evaluation.AbTesting;
using Spectre.Console;

namespace MarketLab.Cli.Ab;

/// <summary>Renders an <see cref="ExperimentResult"/> as a Spectre.Console table plus an SRM line.</summary>
internal static class AbTable
{
    public static void Render(IAnsiConsole console, AbRequest request, ExperimentResult result)
    {
        bool bayesian = request.Method == AnalysisMethod.Bayesian;
        string interval = bayesian ? "credible" : request.Method == AnalysisMethod.Sequential ? "always-valid" : "CI";
        var table = new Table().Title($"A/B results: {Markup.Escape(request.Input)} ({request.Method.ToString().ToLowerInvariant()}, α = {F(request.Alpha)})");
        table.AddColumn("Arm");
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Control").RightAligned());
        table.AddColumn(new TableColumn("Arm value").RightAligned());
        table.AddColumn(new TableColumn("Abs lift").RightAligned());
        table.AddColumn(new TableColumn("Rel lift").RightAligned());
        table.AddColumn(new TableColumn($"{(1 - request.Alpha) * 100:0.##}% {interval}").RightAligned());
        if (bayesian)
        {
            table.AddColumn(new TableColumn("P(beat ctl)").RightAligned());
            table.AddColumn(new TableColumn("Exp. loss").RightAligned());
        }
        else
        {
            table.AddColumn(new TableColumn("p").RightAligned());
            table.AddColumn(new TableColumn($"adj. p ({Correction(request.Correction)})").RightAligned());
        }

        var notes = new List<string>();
        foreach (ComparisonResult c in result.Comparisons)
        {
            string arm = Markup.Escape(c.Arm), metric = Markup.Escape(c.Metric);
            if (c.VarianceReduction is double vr) notes.Add($"{metric}/{arm}: CUPED removed {vr * 100:0.#}% of the variance");
            if (!c.IsValid)
            {
                table.AddRow(arm, metric, V(c.ControlValue), V(c.ArmValue), $"[red]{c.Error}[/]", "", "", "", "");
                notes.Add($"[red]{metric}/{arm}: {c.Error}: {Markup.Escape(c.ErrorMessage ?? "")}[/]");
                continue;
            }
            string rel = Pct(c.RelativeLift);
            if (!bayesian && (c.AdjustedPValue ?? c.PValue) < request.Alpha) rel = $"[bold]{rel}[/]";
            table.AddRow(arm, metric, V(c.ControlValue), V(c.ArmValue), Signed(c.AbsoluteLift), rel,
                $"{Pct(c.RelativeInterval?.Lower)}..{Pct(c.RelativeInterval?.Upper)}",
                bayesian ? P(c.ChanceToBeatControl) : P(c.PValue),
                bayesian ? V(c.ExpectedLoss) : P(c.AdjustedPValue));
        }
        console.Write(table);
        foreach (string note in notes) console.MarkupLine(note);

        string units = string.Join(", ", result.Arms.Select(a => $"{Markup.Escape(a.Name)} {a.Units:N0} ({a.PlannedShare * 100:0.#}% planned)"));
        string srm = $"SRM check: χ² = {F(result.Srm.ChiSquare)}, p {(result.Srm.PValue < 1e-4 ? "" : "= ")}{P(result.Srm.PValue)}; units: {units}";
        console.MarkupLine(result.Srm.Mismatch
            ? $"[red bold]WARNING sample ratio mismatch[/] [red]{srm}: the assignment looks broken, do not trust the lifts.[/]"
            : $"[green]{srm}[/]");
    }

    private static string Correction(CorrectionMethod method) => method switch
    {
        CorrectionMethod.Holm => "Holm",
        CorrectionMethod.BenjaminiHochberg => "BH",
        _ => "none",
    };

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string V(double? v) => v is double x ? F(x) : "–";

    private static string Signed(double? v) => v is double x ? (x >= 0 ? "+" : "") + x.ToString("G3", CultureInfo.InvariantCulture) : "–";

    private static string Pct(double? v) => v switch
    {
        null => "–",
        double x when double.IsPositiveInfinity(x) => "+∞",
        double x when double.IsNegativeInfinity(x) => "−∞",
        double x => (x >= 0 ? "+" : "") + (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
    };

    private static string P(double? p) => p switch
    {
        null => "–",
        < 1e-4 => "<0.0001",
        double x => x.ToString("0.0000", CultureInfo.InvariantCulture),
    };
}
