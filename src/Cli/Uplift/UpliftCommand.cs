using System.CommandLine;
using System.Globalization;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Uplift;
using Spectre.Console;

namespace MarketLab.Cli.Uplift;

/// <summary>
/// <c>marketlab uplift</c>: fits the uplift meta-learners on the Hillstrom e-mail campaign (one e-mail arm
/// against no e-mail) and compares them on a held-out split: Qini and AUUC with bootstrap intervals,
/// uplift@k, and the incremental outcomes of targeting the top k against k at random.
/// </summary>
internal static class UpliftCommand
{
    private const int InputError = 2;

    private static readonly Option<string> Arm = new("--arm") { Description = "womens or mens: the e-mail compared with no e-mail.", DefaultValueFactory = _ => "womens" };
    private static readonly Option<string> Outcome = new("--outcome") { Description = "visit or conversion.", DefaultValueFactory = _ => "visit" };
    private static readonly Option<double> Target = new("--target") { Description = "Share k of customers targeted, in (0, 1].", DefaultValueFactory = _ => 0.3 };
    private static readonly Option<double> Test = new("--test") { Description = "Held-out share, stratified by arm.", DefaultValueFactory = _ => 0.3 };
    private static readonly Option<int> Resamples = new("--resamples") { Description = "Bootstrap resamples for the intervals (0: none).", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the split, the learners and the bootstrap.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> SegmentFile = new("--segment-file") { Description = "A user,segment CSV (e.g. from marketlab segments --out): also report average uplift and each learner's Qini per segment of the held-out rows." };
    private static readonly Option<string> SegmentJoin = new("--segment-join") { Description = "With --segment-file: the data's column holding the user id (the published Hillstrom file has none; a copy with an id column works); rows without a segment form 'unassigned'." };
    private static readonly Option<string> Data = new("--data") { Description = "Path of hillstrom.csv (default: ../shared/datasets/uplift/hillstrom.csv)." };

    public static Command Create()
    {
        var command = new Command("uplift", "Compare uplift learners (T, X, class transformation) on the Hillstrom e-mail campaign.");
        foreach (Option option in new Option[] { Arm, Outcome, Target, Test, Resamples, Seed, SegmentFile, SegmentJoin, Data }) command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return Execute(parseResult, output);
            }
            catch (Exception e) when (e is CsvFormatException or IOException or ArgumentException)
            {
                error.WriteLine($"marketlab uplift: {e.Message}");
                return InputError;
            }
            catch (Exception e)
            {
                error.WriteLine($"marketlab uplift: unexpected {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter output)
    {
        string treatment = parse.GetValue(Arm) switch
        {
            "womens" => Hillstrom.WomensEmail,
            "mens" => Hillstrom.MensEmail,
            var other => throw new ArgumentException($"--arm: '{other}' is not one of womens, mens."),
        };
        var outcome = parse.GetValue(Outcome) switch
        {
            "visit" => HillstromOutcome.Visit,
            "conversion" => HillstromOutcome.Conversion,
            var other => throw new ArgumentException($"--outcome: '{other}' is not one of visit, conversion."),
        };
        int seed = parse.GetValue(Seed);
        var options = new UpliftEvaluationOptions { TargetFraction = parse.GetValue(Target), BootstrapResamples = parse.GetValue(Resamples), Seed = seed };
        var learnerOptions = new UpliftLearnerOptions { Seed = seed };
        UpliftContender[] learners =
            [UpliftContender.Fitting(new TLearner(learnerOptions)), UpliftContender.Fitting(new XLearner(learnerOptions)), UpliftContender.Fitting(new ClassTransformation(learnerOptions))];

        var console = CliConsole.For(output);
        var data = Hillstrom.Load(treatment, outcome, parse.GetValue(Data));
        string? segmentFile = parse.GetValue(SegmentFile), join = parse.GetValue(SegmentJoin);
        if (segmentFile is null && join is not null) throw new ArgumentException("--segment-join needs --segment-file (the user,segment CSV to join).");
        if (segmentFile is not null && join is not { Length: > 0 }) throw new ArgumentException($"--segment-join is required with --segment-file: name the data's column holding the user ids of {segmentFile}.");
        string[]? rowSegments = null;
        if (segmentFile is not null)
        {
            var assignments = SegmentAssignments.Read(segmentFile);
            rowSegments = Hillstrom.Column(join!, treatment, parse.GetValue(Data)).Select(assignments.SegmentOf).ToArray();
            int unassigned = rowSegments.Count(s => s == SegmentAssignments.Unassigned);
            console.WriteLine(unassigned > 0
                ? $"Segments joined on column '{join}': {unassigned:N0} of {rowSegments.Length:N0} customers have no segment in {segmentFile} and form the '{SegmentAssignments.Unassigned}' segment."
                : $"Segments joined on column '{join}': every customer has a segment.");
        }
        var request = new UpliftEvaluationRequest(UpliftHoldout.Create(data, null, parse.GetValue(Test), seed, rowSegments), learners, options);
        UpliftEvaluationReport? report = null;
        console.Status().Start("Fitting uplift learners", ctx =>
            report = UpliftEvaluation.Evaluate(request, new Progress<string>(s => ctx.Status(Markup.Escape(s)))));
        Print(console, report!, treatment, outcome);
        return 0;
    }

    private static void Print(IAnsiConsole console, UpliftEvaluationReport r, string treatment, HillstromOutcome outcome)
    {
        string k = string.Create(CultureInfo.InvariantCulture, $"{r.TargetFraction * 100:0.#}%");
        var table = new Table().Title(Markup.Escape($"Hillstrom: {treatment} vs {Hillstrom.NoEmail}, outcome {outcome.ToString().ToLowerInvariant()} ({r.TestRows:N0} held-out customers)"));
        string[] header = ["Learner", "Qini [95% CI]", "AUUC [95% CI]", $"uplift@{k}", $"incremental, top {k} [95% CI]", "vs random", "fit s"];
        table.AddColumns(header.Select(Markup.Escape).ToArray());
        foreach (var l in r.Learners)
        {
            var ranking = l.Ranking ?? throw new ArgumentException($"{l.Learner}: {l.RankingError}");
            string[] cells = string.Create(CultureInfo.InvariantCulture,
                $"{ShortName(l.Learner)}|{ranking.Qini:F3}{Bracket(ranking.QiniInterval, "F3")}|{ranking.Auuc:F4}{Bracket(ranking.AuucInterval, "F4")}|{ranking.UpliftAtTarget:+0.0000;-0.0000}|{l.Targeted.IncrementalConversions:F1} [{l.Targeted.IncrementalInterval.Lower:F1}, {l.Targeted.IncrementalInterval.Upper:F1}]|{l.GainOverRandom:+0.0;-0.0}|{l.TrainSeconds:F1}").Split('|');
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
        console.WriteLine($"Base learners: {string.Join("; ", r.Learners.Select(l => l.Learner))}.");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Average uplift {r.AverageUplift:+0.0000;-0.0000} [{r.AverageUpliftInterval.Lower:F4}, {r.AverageUpliftInterval.Upper:F4}]; targeting {k} at random: {r.RandomTargetingIncremental:F1} [{r.RandomTargetingInterval.Lower:F1}, {r.RandomTargetingInterval.Upper:F1}] incremental."));
        if (r.Segments.Count > 0) PrintSegments(console, r);
    }

    // Per segment of the held-out rows: average uplift with its interval and each learner's Qini (null where the
    // segment lacks an arm or a gain to normalise by: the reason is printed instead).
    private static void PrintSegments(IAnsiConsole console, UpliftEvaluationReport r)
    {
        var table = new Table().Title(Markup.Escape("Per segment (held-out rows; Qini computed within each segment)"));
        string[] header = ["Segment", "Rows", "Treated", "Average uplift [95% CI]", .. r.Learners.Select(l => $"Qini {ShortName(l.Learner)}")];
        table.AddColumns(header.Select(Markup.Escape).ToArray());
        var notes = new List<string>();
        foreach (var s in r.Segments)
        {
            string uplift = s.AverageUplift is double u
                ? string.Create(CultureInfo.InvariantCulture, $"{u:+0.0000;-0.0000} [{s.AverageUpliftInterval!.Value.Lower:F4}, {s.AverageUpliftInterval.Value.Upper:F4}]")
                : "–";
            if (s.Error is not null) notes.Add($"Segment {s.Segment}: {s.Error}");
            var cells = new List<string> { s.Segment, s.Rows.ToString("N0", CultureInfo.InvariantCulture), s.Treated.ToString("N0", CultureInfo.InvariantCulture), uplift };
            foreach (var l in s.Learners)
            {
                cells.Add(l.Ranking is { } q ? q.Qini.ToString("F3", CultureInfo.InvariantCulture) : "–");
                if (l.RankingError is not null) notes.Add($"Segment {s.Segment}, {ShortName(l.Learner)}: {l.RankingError}");
            }
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
        foreach (string note in notes.Distinct()) console.WriteLine(note);
    }

    // " [lower, upper]", or nothing with --resamples 0.
    private static string Bracket(MarketLab.Evaluation.Interval? interval, string format) =>
        interval is { } i ? string.Create(CultureInfo.InvariantCulture, $" [{i.Lower.ToString(format, CultureInfo.InvariantCulture)}, {i.Upper.ToString(format, CultureInfo.InvariantCulture)}]") : "";

    private static string ShortName(string learner) => learner.IndexOf('[') is > 0 and var i ? learner[..i] : learner;
}
