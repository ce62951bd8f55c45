namespace MarketLab.Experiments.Data.Sql;

/// <summary>The SQL engines MarketLab pushes statistics down to (generated SQL is tested on these two only).</summary>
public enum SqlEngine
{
    /// <summary>Embedded DuckDB: CSV, Parquet and .duckdb files, no server.</summary>
    DuckDb,

    /// <summary>A PostgreSQL server reached through Npgsql.</summary>
    Postgres,
}
