using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Evaluation.Uplift;
using MarketLab.Experiments.Data.Sql;
using MarketLab.Experiments.Tests.Cli;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// Must-show of issue 17: ROC AUC, Qini coefficient, uplift AUC, the Qini curve and uplift by decile computed in SQL
/// (window functions over distinct scores, NTILE for bins) equal the in-memory implementations on Criteo-shaped data.
/// </summary>
public sealed class ScoredTableSqlTests : IDisposable
{
    private const int Rows = 60_000, Seed = 20261203;
    private readonly CliRunner _files = new();
    private readonly double[] _visit, _score, _treatment;
    private readonly string _csv;

    public ScoredTableSqlTests()
    {
        (_visit, _score, _treatment) = CriteoShaped(Rows, Seed);
        _csv = _files.PathOf("scored.csv");
        using var writer = new StreamWriter(_csv);
        writer.WriteLine("row_id,visit,treatment,score");
        for (int i = 0; i < Rows; i++)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{_visit[i]},{_treatment[i]},{_score[i]:R}"));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Like bench/UpliftScaleBenchmark (the Criteo uplift set's shape): treatment ~ Bernoulli(0.85), visit probability
    /// 0.0427 + 0.01·u for treated rows, u ~ U(0, 1); score = u + N(0, 0.3²) rounded to 1e-3 so that many rows tie.
    /// </summary>
    internal static (double[] Visit, double[] Score, double[] Treatment) CriteoShaped(int rows, int seed)
    {
        var rng = new Random(seed);
        var visit = new double[rows];
        var score = new double[rows];
        var treatment = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double u = rng.NextDouble();
            treatment[i] = rng.NextDouble() < 0.85 ? 1 : 0;
            visit[i] = rng.NextDouble() < 0.0427 + 0.01 * u * treatment[i] ? 1 : 0;
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            score[i] = Math.Round(u + 0.3 * noise, 3);
        }
        return (visit, score, treatment);
    }

    private void AssertEqualsInMemory(ScoredTableEvaluation sql)
    {
        Assert.Equal(Rows, sql.Rows);
        AssertClose(RankingMetrics.RocAuc(_visit, _score), sql.RocAuc);
        AssertClose(UpliftScores.QiniCoefficient(_visit, _score, _treatment), sql.QiniCoefficient!.Value);
        AssertClose(UpliftScores.UpliftAuc(_visit, _score, _treatment), sql.UpliftAuc!.Value);

        GainCurve expected = UpliftCurves.QiniCurve(_visit, _score, _treatment);
        Assert.Equal(expected.Targeted.Count, sql.QiniCurve!.Targeted.Count);
        Assert.True(sql.DistinctScores < Rows / 4, $"the data should have ties; {sql.DistinctScores} distinct scores");
        for (int i = 0; i < expected.Targeted.Count; i++)
        {
            Assert.Equal(expected.Targeted[i], sql.QiniCurve.Targeted[i]);
            AssertClose(expected.Gain[i], sql.QiniCurve.Gain[i]);
        }

        IReadOnlyList<UpliftBin> bins = UpliftByBins.Compute(_visit, _score, _treatment, bins: 10);
        Assert.Equal(bins.Count, sql.Bins!.Count);
        for (int b = 0; b < bins.Count; b++)
        {
            Assert.Equal(bins[b].TreatedCount, sql.Bins[b].TreatedCount);
            Assert.Equal(bins[b].ControlCount, sql.Bins[b].ControlCount);
            AssertClose(bins[b].Uplift, sql.Bins[b].Uplift);
            AssertClose(bins[b].StandardError, sql.Bins[b].StandardError);
            AssertClose(bins[b].ConfidenceInterval.Lower, sql.Bins[b].ConfidenceInterval.Lower);
            Assert.Equal(bins[b].Percentile, sql.Bins[b].Percentile);
        }
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(Math.Abs(expected), 1e-3), $"{expected:R} expected, got {actual:R}");

    private ScoredTableRequest Request(SqlSource source, string table) =>
        new(source, SqlRelation.ForTable(table), "visit", "score", "treatment", TieOrderColumn: "row_id");

    [Fact]
    public async Task DuckDbCountsGiveTheInMemoryAucQiniAndDeciles() =>
        AssertEqualsInMemory(await ScoredTableSql.EvaluateAsync(Request(SqlSource.DuckDbFile(_csv), SqlSource.FileView)));

    [PostgresFact]
    public async Task PostgresCountsGiveTheInMemoryAucQiniAndDeciles()
    {
        using var pg = new PostgresScratch();
        string table = pg.LoadCsv("scored", _csv);
        AssertEqualsInMemory(await ScoredTableSql.EvaluateAsync(Request(SqlSource.Postgres(pg.ConnectionString), table)));
    }

    [Fact]
    public async Task WithoutATreatmentColumnOnlyTheClickAucIsComputed()
    {
        var result = await ScoredTableSql.EvaluateAsync(new ScoredTableRequest(SqlSource.DuckDbFile(_csv), SqlRelation.ForTable(SqlSource.FileView), "visit", "score"));
        AssertClose(RankingMetrics.RocAuc(_visit, _score), result.RocAuc);
        Assert.Null(result.QiniCoefficient);
        Assert.Equal(2, result.Sql.Count);
    }

    [Fact]
    public void TheScoresVerbPrintsAndWritesTheSameValues()
    {
        string json = _files.PathOf("scores.json");
        var (exit, output, error) = _files.Run("scores", "--source", $"duckdb:{_csv}", "--outcome", "visit", "--score", "score",
            "--treatment", "treatment", "--tie-order", "row_id", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("Qini coefficient", output);
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        AssertClose(UpliftScores.QiniCoefficient(_visit, _score, _treatment), document.RootElement.GetProperty("qini_coefficient").GetDouble());
        AssertClose(RankingMetrics.RocAuc(_visit, _score), document.RootElement.GetProperty("roc_auc").GetDouble());
        Assert.Equal(10, document.RootElement.GetProperty("bins").GetArrayLength());
        Assert.Equal(2, _files.Run("scores", "--source", $"duckdb:{_csv}", "--outcome", "nope", "--score", "score").Exit);
    }

    [Fact]
    public async Task AnOutcomeOutside01IsRefusedByName()
    {
        var e = await Assert.ThrowsAsync<SqlSourceException>(() => ScoredTableSql.EvaluateAsync(
            new ScoredTableRequest(SqlSource.DuckDbFile(_csv), SqlRelation.ForTable(SqlSource.FileView), "row_id", "score")));
        Assert.Contains("column 'row_id' (the outcome) is not 0 or 1", e.Message);
    }
}
