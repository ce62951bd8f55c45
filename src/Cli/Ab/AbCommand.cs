using System.CommandLine;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Data.Sql;

namespace MarketLab.Cli.Ab;

/// <summary>
/// <c>marketlab ab</c>: reads a per-unit CSV log (or asks a SQL source, DuckDB or PostgreSQL, for the same
/// statistics: see <see cref="AbSource"/>), aggregates it to sufficient statistics in one pass,
/// runs the A/B analysis for every treatment arm × metric against the control, prints a table and an
/// SRM line, and optionally writes JSON. Input errors exit with code 2 and one line on stderr.
/// </summary>
internal static class AbCommand
{
    public const int InputError = 2;

    private static readonly Option<string> Input = new("--input") { Description = "Per-unit CSV log: a header row, one row per randomisation unit (a .parquet file is read through DuckDB)." };
    private static readonly Option<string> Source = new("--source") { Description = "SQL source computing the statistics where the data lives: duckdb:PATH (.csv, .parquet or .duckdb) or postgres:CONNSTRING." };
    private static readonly Option<string> Table = new("--table") { Description = "Table (or SCHEMA.TABLE) of the SQL source holding one row per unit." };
    private static readonly Option<string> Query = new("--query") { Description = "File with a SELECT returning one row per unit (used as a subquery; a CSV/Parquet source is the view 'source')." };
    private static readonly Option<string> Segment = new("--segment") { Description = "SQL sources: also analyse every value of this column; the correction spans all segments." };
    private static readonly Option<string> SegmentFile = new("--segment-file") { Description = "CSV input: a user,segment file (e.g. from marketlab segments --out); every segment is also analysed, the correction spanning them all." };
    private static readonly Option<string> SegmentJoin = new("--segment-join") { Description = "With --segment-file: the log's column holding the user id to join on; units without a segment form an 'unassigned' segment." };
    private static readonly Option<string[]> Caps = new("--cap")
    {
        Description = "SQL sources: winsorise a mean metric (and its covariate) at a percentile the engine computes, METRIC=P, e.g. revenue=0.99 (repeatable).",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<string> Unit = new("--unit") { Description = "SQL sources: the table holds events; roll them up to one row per value of this unit-id column (outcomes summed, covariates as unit attributes)." };
    private static readonly Option<string> Window = new("--window") { Description = "With --unit: the metric window, COLUMN<END (e.g. day<14): only events below END count." };
    private static readonly Option<string> Arm = new("--arm") { Description = "Column holding the arm (variant) name." };
    private static readonly Option<string> Control = new("--control") { Description = "Name of the control arm." };
    private static readonly Option<string[]> Metrics = new("--metric")
    {
        Description = "NAME:proportion|mean[:COLUMN] or NAME:ratio:NUM/DEN (repeatable). COLUMN defaults to NAME.",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<string[]> Covariates = new("--covariate")
    {
        Description = "CUPED pre-period column: METRIC=COLUMN, or METRIC=PRENUM/PREDEN for a ratio (repeatable).",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<string> Weights = new("--weights") { Description = "Planned traffic shares for the SRM check, e.g. control=0.5,b=0.5 (default: equal)." };
    private static readonly Option<string> Method = new("--method") { Description = "frequentist, sequential or bayesian.", DefaultValueFactory = _ => "frequentist" };
    private static readonly Option<double> Alpha = new("--alpha") { Description = "Significance level, in (0, 1).", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<string> Correction = new("--correction") { Description = $"Multiple-comparison correction: {CorrectionMethodNames.Valid}.", DefaultValueFactory = _ => "holm" };
    private static readonly Option<string> Json = new("--json") { Description = "Also write the results as JSON (snake_case) to this file." };
    private static readonly Option<string> Example = new("--example") { Description = "Write a seeded example unit log to this CSV file and exit." };

    public static Command Create()
    {
        var command = new Command("ab", "Analyse an A/B test from a per-unit CSV log.");
        foreach (Option option in new Option[] { Input, Source, Table, Query, Segment, SegmentFile, SegmentJoin, Caps, Unit, Window, Arm, Control, Metrics, Covariates, Weights, Method, Alpha, Correction, Json, Example })
            command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            try
            {
                return await Execute(parseResult, output, cancellationToken);
            }
            catch (Exception e) when (e is CliInputException or CsvFormatException or SqlSourceException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"marketlab ab: {e.Message}");
                return InputError;
            }
            catch (Exception e)
            {
                // Not an input problem, but still one line rather than a stack trace.
                error.WriteLine($"marketlab ab: unexpected {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> Execute(ParseResult parseResult, TextWriter output, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(Example) is { } examplePath)
        {
            ExampleLog.Write(examplePath);
            output.WriteLine($"Wrote {ExampleLog.DefaultRows} example units (seed {ExampleLog.DefaultSeed}) to {examplePath}. Try:");
            output.WriteLine($"  marketlab ab --input {examplePath} --arm arm --control control --metric conversion:proportion:converted revenue:mean ctr:ratio:clicks/impressions --covariate ctr=clicks_pre/impressions_pre");
            return 0;
        }

        AbSource source = AbSource.From(parseResult.GetValue(Input), parseResult.GetValue(Source), parseResult.GetValue(Table),
            parseResult.GetValue(Query), parseResult.GetValue(Segment), AbOptionParser.ParseCaps(parseResult.GetValue(Caps) ?? []),
            AbOptionParser.ParseRollup(parseResult.GetValue(Unit), parseResult.GetValue(Window)),
            AbOptionParser.ParseSegmentFile(parseResult.GetValue(SegmentFile), parseResult.GetValue(SegmentJoin)));
        string armColumn = Required(parseResult, Arm, "the name of the arm column");
        string control = Required(parseResult, Control, "the control arm's name");
        IReadOnlyList<UnitLogMetric> metrics = AbOptionParser.ParseMetrics(
            parseResult.GetValue(Metrics) ?? [], parseResult.GetValue(Covariates) ?? []);
        var request = new AbRequest(
            source.Input, armColumn, control, metrics,
            AbOptionParser.CheckAlpha(parseResult.GetValue(Alpha)),
            AbOptionParser.ParseMethod(parseResult.GetValue(Method) ?? "frequentist"),
            AbOptionParser.ParseCorrection(parseResult.GetValue(Correction) ?? "holm"),
            parseResult.GetValue(Weights) is { } w ? AbOptionParser.ParseWeights(w) : null,
            parseResult.GetValue(Json));

        var (aggregate, sql, segmented) = await source.AggregateAsync(armColumn, metrics, cancellationToken);
        request.CheckArms(aggregate);
        return AbRunner.Run(request, aggregate, sql, output, segmented);
    }

    private static string Required(ParseResult parseResult, Option<string> option, string what) =>
        parseResult.GetValue(option) is { Length: > 0 } value
            ? value
            : throw new CliInputException(option.Name, $"is required ({what}); or use --example FILE.csv to write a sample log");
}
