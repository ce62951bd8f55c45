using System.Data.Common;
using System.Globalization;
using MarketLab.Evaluation.Classification;
using MarketLab.Evaluation.Uplift;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// AUC, Qini and uplift-by-decile of a scored table where it lives: the engine groups rows by distinct score and
/// cumulates the counts with a window function (<c>SUM(…) OVER (ORDER BY score DESC)</c>), which is exactly the
/// tie-block ranking of <c>Curves.ScoreRanking</c>; the bins come from <c>NTILE</c>, which sizes groups as
/// <c>np.array_split</c>. A few thousand rows come back instead of the table.
/// </summary>
public static class ScoredTableSql
{
    public static async Task<ScoredTableEvaluation> EvaluateAsync(ScoredTableRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Bins is < 1 or > ScoredTableRequest.MaxBins)
            throw new ArgumentOutOfRangeException(nameof(request), request.Bins, $"Bins is {request.Bins}; allowed 1..{ScoredTableRequest.MaxBins}.");
        SqlSource source = request.Source;
        SqlDialect d = source.Dialect;
        await using DbConnection connection = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        SqlSchema schema = await SqlSchema.LoadAsync(connection, source, request.Relation, cancellationToken).ConfigureAwait(false);
        schema.RequireNumeric(request.OutcomeColumn, "the outcome");
        schema.RequireNumeric(request.ScoreColumn, "the score");
        if (request.TreatmentColumn is { } tc) schema.RequireNumeric(tc, "the treatment");
        if (request.TieOrderColumn is { } oc) schema.Require(oc, "the tie order");

        string t = request.TreatmentColumn is { } treatment ? $"CAST({d.Quote(treatment)} AS BIGINT)" : "CAST(0 AS BIGINT)";
        string units = $"SELECT {d.AsDouble(d.Quote(request.ScoreColumn))} AS s, CAST({d.Quote(request.OutcomeColumn)} AS BIGINT) AS y, {t} AS t"
            + (request.TieOrderColumn is { } tie ? $", {d.Quote(tie)} AS o" : "")
            + $"\n  FROM {request.Relation.FromItem(d).Replace("\n", "\n  ")}";
        var sql = new List<string>();

        // 1. Checks: NULLs and values outside {0, 1} (a CAST to BIGINT would round 0.5 silently).
        string check = $"SELECT COUNT(*), COUNT(*) - COUNT({d.Quote(request.OutcomeColumn)}), COUNT(*) - COUNT({d.Quote(request.ScoreColumn)}),\n"
            + $"  COUNT(CASE WHEN {d.Quote(request.OutcomeColumn)} <> 0 AND {d.Quote(request.OutcomeColumn)} <> 1 THEN 1 END)"
            + (request.TreatmentColumn is { } tq
                ? $",\n  COUNT(*) - COUNT({d.Quote(tq)}), COUNT(CASE WHEN {d.Quote(tq)} <> 0 AND {d.Quote(tq)} <> 1 THEN 1 END)"
                : ", 0, 0")
            + $"\nFROM {request.Relation.FromItem(d)}";
        sql.Add(check);
        long[] c = (await QueryAsync(connection, check, schema.Where, cancellationToken).ConfigureAwait(false))[0];
        string where = schema.Where;
        if (c[0] == 0) throw new SqlSourceException($"{where}: no rows to evaluate");
        Refuse(c[1], $"column '{request.OutcomeColumn}' (the outcome) is NULL in {c[1]:N0} of {c[0]:N0} rows", where);
        Refuse(c[2], $"column '{request.ScoreColumn}' (the score) is NULL in {c[2]:N0} of {c[0]:N0} rows", where);
        Refuse(c[3], $"column '{request.OutcomeColumn}' (the outcome) is not 0 or 1 in {c[3]:N0} rows", where);
        Refuse(c[4], $"column '{request.TreatmentColumn}' (the treatment) is NULL in {c[4]:N0} of {c[0]:N0} rows", where);
        Refuse(c[5], $"column '{request.TreatmentColumn}' (the treatment) is not 0 or 1 in {c[5]:N0} rows", where);

        // 2. Cumulative counts per distinct score, best first.
        string curve = "SELECT CAST(SUM(k) OVER w AS BIGINT), CAST(SUM(nt) OVER w AS BIGINT), CAST(SUM(yt) OVER w AS BIGINT), CAST(SUM(ny) OVER w AS BIGINT), s\n"
            + "FROM (\n  SELECT s, COUNT(*) AS k, SUM(t) AS nt, SUM(y * t) AS yt, SUM(y) AS ny\n  FROM (\n  " + units.Replace("\n", "\n  ")
            + "\n  ) AS u\n  GROUP BY s\n) AS blocks\nWINDOW w AS (ORDER BY s DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)\nORDER BY s DESC";
        sql.Add(curve);
        List<long[]> blocks = await QueryAsync(connection, curve, where, cancellationToken, scoreColumn: 4).ConfigureAwait(false);
        double[] tps = blocks.Select(b => (double)b[3]).ToArray();
        double[] fps = blocks.Select(b => (double)(b[0] - b[3])).ToArray();
        double auc = RankingMetrics.RocAucFromCumulative(tps, fps);
        if (request.TreatmentColumn is null)
            return new ScoredTableEvaluation(c[0], blocks.Count, auc, null, null, null, null, null, sql);

        var counts = CumulativeUpliftCounts.Create(blocks.Select(b => b[0]).ToList(), blocks.Select(b => b[1]).ToList(),
            blocks.Select(b => b[2]).ToList(), blocks.Select(b => b[3]).ToList());

        // 3. Bins: NTILE sizes groups as np.array_split (the first n mod k one row larger).
        if (request.Bins > c[0]) throw new SqlSourceException($"{where}: {request.Bins} bins need at least as many rows; the table has {c[0]:N0}");
        string order = request.TieOrderColumn is null ? "s DESC" : "s DESC, o DESC";
        string bins = $"SELECT bin, CAST(SUM(t) AS BIGINT), CAST(COUNT(*) - SUM(t) AS BIGINT), CAST(SUM(y * t) AS BIGINT), CAST(SUM(y) - SUM(y * t) AS BIGINT)\n"
            + $"FROM (\n  SELECT t, y, NTILE({request.Bins.ToString(CultureInfo.InvariantCulture)}) OVER (ORDER BY {order}) AS bin\n  FROM (\n  "
            + units.Replace("\n", "\n  ") + "\n  ) AS u\n) AS ranked\nGROUP BY bin\nORDER BY bin";
        sql.Add(bins);
        List<long[]> perBin = await QueryAsync(connection, bins, where, cancellationToken).ConfigureAwait(false);
        var upliftBins = UpliftByBins.FromCounts(perBin.Select(b => b[1]).ToList(), perBin.Select(b => b[2]).ToList(),
            perBin.Select(b => (double)b[3]).ToList(), perBin.Select(b => (double)b[4]).ToList());
        return new ScoredTableEvaluation(c[0], blocks.Count, auc, counts, counts.QiniCoefficient(), counts.UpliftAuc(), counts.QiniCurve(), upliftBins, sql);
    }

    private static void Refuse(long count, string message, string where)
    {
        if (count > 0) throw new SqlSourceException($"{where}: {message}");
    }

    // Reads every column as a long; the optional score column must be a finite double (NaN or infinity is refused).
    private static async Task<List<long[]>> QueryAsync(DbConnection connection, string sql, string where, CancellationToken cancellationToken, int scoreColumn = -1)
    {
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<long[]>();
        try
        {
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new long[scoreColumn >= 0 ? scoreColumn : reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
                if (scoreColumn >= 0 && !double.IsFinite(reader.GetDouble(scoreColumn)))
                    throw new SqlSourceException($"{where}: the score is {reader.GetDouble(scoreColumn)} in some rows; scores must be finite");
                rows.Add(row);
            }
        }
        catch (DbException e)
        {
            throw new SqlSourceException($"{where}: the query failed: {SqlSchema.FirstLine(e.Message)}", e);
        }
        return rows;
    }
}
