using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;

namespace MarketLab.Experiments.Tests.Data.Sql;

/// <summary>
/// A throwaway schema on the test server holding tables loaded from CSV files, with column types as DuckDB infers
/// them from the file (integers stay integers, text stays text); dropped on dispose.
/// </summary>
internal sealed class PostgresScratch : IDisposable
{
    private readonly NpgsqlDataSource _data;

    public PostgresScratch()
    {
        ConnectionString = PostgresFactAttribute.Require();
        Schema = "ml_test_" + Guid.NewGuid().ToString("N")[..12];
        _data = NpgsqlDataSource.Create(ConnectionString);
        Execute($"CREATE SCHEMA {Schema}");
    }

    public string ConnectionString { get; }

    public string Schema { get; }

    public string Source => "postgres:" + ConnectionString;

    /// <summary>Creates <c>SCHEMA.name</c> from a CSV file and returns the qualified name.</summary>
    public string LoadCsv(string name, string csvPath)
    {
        var columns = new List<string>();
        using (var duck = new DuckDBConnection("Data Source=:memory:"))
        {
            duck.Open();
            using DbCommand describe = duck.CreateCommand();
            describe.CommandText = $"DESCRIBE SELECT * FROM read_csv_auto('{csvPath.Replace("'", "''")}')";
            using DbDataReader reader = describe.ExecuteReader();
            while (reader.Read())
            {
                string type = reader.GetString(1) switch
                {
                    "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" => "bigint",
                    "DOUBLE" or "FLOAT" => "double precision",
                    var t when t.StartsWith("DECIMAL", StringComparison.Ordinal) => "double precision",
                    _ => "text",
                };
                columns.Add($"\"{reader.GetString(0).Replace("\"", "\"\"")}\" {type}");
            }
        }
        Execute($"CREATE TABLE {Schema}.\"{name}\" ({string.Join(", ", columns)})");
        using NpgsqlConnection connection = _data.OpenConnection();
        using (TextWriter writer = connection.BeginTextImport($"COPY {Schema}.\"{name}\" FROM STDIN (FORMAT csv, HEADER true)"))
            writer.Write(File.ReadAllText(csvPath));
        return $"{Schema}.{name}";
    }

    public void Execute(string sql)
    {
        using NpgsqlCommand command = _data.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    public long Count(string qualified)
    {
        using NpgsqlCommand command = _data.CreateCommand($"SELECT COUNT(*) FROM {qualified}");
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try { Execute($"DROP SCHEMA {Schema} CASCADE"); }
        finally { _data.Dispose(); }
    }
}
