using System.Data.Common;
using DuckDB.NET.Data;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>Files and DuckDB databases the SQL tests build in temporary folders (with a write connection of their own).</summary>
internal static class SqlTestFiles
{
    public static void CsvToParquet(string csv, string parquet) =>
        Execute(":memory:", $"COPY (SELECT * FROM read_csv_auto('{csv.Replace("'", "''")}')) TO '{parquet.Replace("'", "''")}' (FORMAT parquet)");

    /// <summary>Runs statements on a DuckDB database file (created when missing).</summary>
    public static void Execute(string database, params string[] statements)
    {
        using var connection = new DuckDBConnection($"Data Source={database}");
        connection.Open();
        foreach (string sql in statements)
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    public static long Scalar(string database, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
