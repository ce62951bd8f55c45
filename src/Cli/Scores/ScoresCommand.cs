using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MarketLab.Cli.Ab;
using MarketLab.Evaluation.Uplift;
using MarketLab.Experiments.Data.Sql;

namespace MarketLab.Cli.Scores;

/// <summary>
/// <c>marketlab scores</c>: ROC AUC of a scored table (CTR), and with a treatment column the Qini coefficient, uplift
/// AUC and uplift by decile, computed where the table lives (<see cref="ScoredTableSql"/>). Adapter only.
/// </summary>
internal static class ScoresCommand
{
    private static readonly Option<string> Source = new("--source") { Description = "duckdb:PATH (.csv, .parquet or .duckdb) or postgres:CONNSTRING." };
    private static readonly Option<string> Table = new("--table") { Description = "Table (or SCHEMA.TABLE) with one row per scored unit." };
    private static readonly Option<string> Query = new("--query") { Description = "File with a SELECT returning one row per scored unit (a CSV/Parquet source is the view 'source')." };
    private static readonly Option<string> Outcome = new("--outcome") { Description = "0/1 outcome column (click, visit, conversion)." };
    private static readonly Option<string> Score = new("--score") { Description = "Model score column; higher is targeted first." };
    private static readonly Option<string> Treatment = new("--treatment") { Description = "0/1 treatment column: adds Qini, uplift AUC and uplift by bin." };
    private static readonly Option<string> TieOrder = new("--tie-order") { Description = "Column ordering rows of equal score for the bin cut (descending, as scikit-uplift's row index)." };
    private static readonly Option<int> Bins = new("--bins") { Description = "Number of equal-count bins (10: deciles).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string> Json = new("--json") { Description = "Also write the results (and the SQL that ran) as JSON to this file." };

    public static Command Create()
    {
        var command = new Command("scores", "Evaluate a scored table in DuckDB or PostgreSQL: AUC, Qini, uplift by decile, without exporting it.");
        foreach (Option option in new Option[] { Source, Table, Query, Outcome, Score, Treatment, TieOrder, Bins, Json })
            command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output, error = parseResult.InvocationConfiguration.Error;
            try
            {
                var request = Request(parseResult);
                ScoredTableEvaluation result = await ScoredTableSql.EvaluateAsync(request, cancellationToken);
                Print(output, result);
                if (parseResult.GetValue(Json) is { } path)
                {
                    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
                    {
                        Source = request.Source.Describe(), result.Rows, result.DistinctScores, result.RocAuc, result.QiniCoefficient, result.UpliftAuc,
                        Bins = result.Bins?.Select(b => new { b.Percentile, b.TreatedCount, b.ControlCount, b.TreatedRate, b.ControlRate, Uplift = F(b.Uplift), StandardError = F(b.StandardError) }),
                        result.Sql,
                    }, AbJsonReport.Options), cancellationToken);
                    output.WriteLine($"Wrote {path}");
                }
                return 0;
            }
            catch (Exception e) when (e is CliInputException or SqlSourceException or IOException or ArgumentException)
            {
                error.WriteLine($"marketlab scores: {e.Message}");
                return AbCommand.InputError;
            }
        });
        return command;
    }

    private static ScoredTableRequest Request(ParseResult parseResult)
    {
        string Required(Option<string> option, string what) =>
            parseResult.GetValue(option) is { Length: > 0 } v ? v : throw new CliInputException(option.Name, $"is required ({what})");
        SqlSource source;
        try { source = SqlSource.Parse(Required(Source, "duckdb:PATH or postgres:CONNSTRING")); }
        catch (ArgumentException e) { throw new CliInputException("--source", e.Message); }
        string? table = parseResult.GetValue(Table), query = parseResult.GetValue(Query);
        if (table is not null && query is not null) throw new CliInputException("--query", "give either --table or --query, not both");
        SqlRelation relation = table is not null ? SqlRelation.ForTable(table)
            : query is not null ? SqlRelation.FromQueryFile(query)
            : source.IsFile ? SqlRelation.ForTable(SqlSource.FileView)
            : throw new CliInputException("--table", $"{source.Describe()} is a database: name the scored table with --table or give --query FILE.sql");
        int bins = parseResult.GetValue(Bins);
        if (bins is < 1 or > ScoredTableRequest.MaxBins) throw new CliInputException("--bins", $"{bins} is outside 1..{ScoredTableRequest.MaxBins}");
        return new ScoredTableRequest(source, relation, Required(Outcome, "the 0/1 outcome column"), Required(Score, "the score column"),
            parseResult.GetValue(Treatment), parseResult.GetValue(TieOrder), bins);
    }

    private static void Print(TextWriter output, ScoredTableEvaluation r)
    {
        output.WriteLine($"{r.Rows:N0} rows, {r.DistinctScores:N0} distinct scores");
        output.WriteLine($"ROC AUC (outcome vs score): {r.RocAuc.ToString("F6", CultureInfo.InvariantCulture)}");
        if (r.QiniCoefficient is not { } qini) return;
        output.WriteLine($"Qini coefficient: {qini.ToString("F6", CultureInfo.InvariantCulture)}; uplift AUC: {r.UpliftAuc!.Value.ToString("F6", CultureInfo.InvariantCulture)}");
        output.WriteLine("bin  treated  control  uplift");
        foreach (UpliftBin b in r.Bins!)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.Percentile,3:0}% {b.TreatedCount,8} {b.ControlCount,8}  {(double.IsFinite(b.Uplift) ? b.Uplift.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture) : "–")}"));
    }

    private static double? F(double v) => double.IsFinite(v) ? v : null;
}
