using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;

namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// Where a unit log lives: <c>duckdb:PATH</c> (a .csv or .parquet file, read through an in-memory DuckDB where the
/// file is the view <c>source</c>, or a .duckdb database opened read-only) or <c>postgres:CONNSTRING</c> (a server,
/// every statement in a read-only transaction). Nothing in the source is ever written.
/// </summary>
public sealed record SqlSource
{
    /// <summary>The view name a CSV or Parquet file gets inside the in-memory DuckDB (usable in <c>--query</c>).</summary>
    public const string FileView = "source";

    private SqlSource(SqlEngine engine, string location)
    {
        Engine = engine;
        Location = location;
    }

    public SqlEngine Engine { get; }

    /// <summary>The file path (DuckDB) or connection string (PostgreSQL).</summary>
    public string Location { get; }

    public SqlDialect Dialect => SqlDialect.For(Engine);

    /// <summary>True when the source is a CSV or Parquet file exposed as the view <see cref="FileView"/>.</summary>
    public bool IsFile => Engine == SqlEngine.DuckDb && FileKind(Location) is not null;

    /// <summary>Parses <c>duckdb:PATH</c> or <c>postgres:CONNSTRING</c> (also <c>postgresql:</c>); the error shows the accepted forms.</summary>
    public static SqlSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        string scheme = colon > 0 ? text[..colon].Trim().ToLowerInvariant() : "";
        string rest = colon > 0 ? text[(colon + 1)..].Trim() : "";
        if (rest.Length == 0 || scheme is not ("duckdb" or "postgres" or "postgresql"))
            throw new ArgumentException($"'{text}' is not duckdb:PATH (a .csv, .parquet or .duckdb file) or postgres:CONNSTRING (e.g. postgres:Host=db;Database=shop;Username=analyst).");
        return scheme == "duckdb" ? DuckDbFile(rest) : Postgres(rest);
    }

    /// <summary>A DuckDB source over a .csv, .parquet or .duckdb file, which must exist.</summary>
    public static SqlSource DuckDbFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"duckdb:{path}: the file does not exist.", path);
        return new SqlSource(SqlEngine.DuckDb, Path.GetFullPath(path));
    }

    /// <summary>A PostgreSQL source; the connection string is checked for syntax here, reached only when a query runs.</summary>
    public static SqlSource Postgres(string connectionString)
    {
        try { _ = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new ArgumentException($"postgres: the connection string is not valid: {e.Message}", e); }
        return new SqlSource(SqlEngine.Postgres, connectionString);
    }

    /// <summary>For reports: the engine and file, or the connection string without its password.</summary>
    public string Describe()
    {
        if (Engine == SqlEngine.DuckDb) return $"duckdb:{Location}";
        var builder = new NpgsqlConnectionStringBuilder(Location);
        if (builder.Password is not null) builder.Password = "***";
        return $"postgres:{builder.ConnectionString}";
    }

    public override string ToString() => Describe();

    /// <summary>Whether <paramref name="text"/> names a SQL source (<c>duckdb:</c>, <c>postgres:</c>, <c>postgresql:</c>).</summary>
    public static bool IsSourceText(string? text) =>
        text is not null && (text.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase));

    /// <summary>A dataset name for display: a PostgreSQL connection string with its password masked; anything else unchanged.</summary>
    public static string ForDisplay(string text)
    {
        if (!IsSourceText(text) || text.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase)) return text;
        try { return Parse(text).Describe(); }
        catch (ArgumentException) { return text[..text.IndexOf(':')] + ":(unreadable connection string)"; }
    }

    /// <summary>Opens a read-only connection (DuckDB READ_ONLY access mode, or PostgreSQL read-only transactions by default).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (Engine == SqlEngine.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(Location);
            // Every transaction of this session is read-only (the server refuses INSERT, UPDATE, DDL).
            builder.Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim();
            // A GROUP BY over a large log can outlast Npgsql's 30 s default; Ctrl+C (the token) still cancels it.
            if (!System.Text.RegularExpressions.Regex.IsMatch(Location, @"command\s*timeout", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                builder.CommandTimeout = 0;
            var pg = new NpgsqlConnection(builder.ConnectionString);
            await pg.OpenAsync(cancellationToken).ConfigureAwait(false);
            return pg;
        }

        string? kind = FileKind(Location);
        var duck = new DuckDBConnection(kind is null ? $"Data Source={Location};ACCESS_MODE=READ_ONLY" : "Data Source=:memory:");
        await duck.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (kind is not null)
        {
            // A view over the file in the connection's own in-memory catalog; the file itself is only read.
            // DuckDB takes no parameters in a view body, so the path is a literal with quotes doubled.
            await using DbCommand view = duck.CreateCommand();
            view.CommandText = $"CREATE TEMP VIEW {Dialect.Quote(FileView)} AS SELECT * FROM {kind}({SqlDialect.Literal(Location)})";
            await view.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return duck;
    }

    private static string? FileKind(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" or ".tsv" or ".txt" => "read_csv_auto",
        ".parquet" => "read_parquet",
        ".gz" when path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) => "read_csv_auto",
        _ => null,
    };
}
