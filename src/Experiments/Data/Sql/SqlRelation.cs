namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// What the statistics are computed over: a table (or view) of the source, or a SELECT read from a file and
/// used as a subquery, so it can only be a query (a second statement or DDL fails to parse inside the parentheses).
/// </summary>
public sealed record SqlRelation
{
    private SqlRelation(string? table, string? query, string? queryFile)
    {
        Table = table;
        Query = query;
        QueryFile = queryFile;
    }

    /// <summary>The table name, possibly SCHEMA.TABLE; null for a query.</summary>
    public string? Table { get; }

    /// <summary>The SELECT text; null for a table.</summary>
    public string? Query { get; }

    /// <summary>The file the query came from, for messages.</summary>
    public string? QueryFile { get; }

    public static SqlRelation ForTable(string table)
    {
        if (string.IsNullOrWhiteSpace(table)) throw new ArgumentException("A table name cannot be empty.", nameof(table));
        return new SqlRelation(table.Trim(), null, null);
    }

    /// <summary>A query; trailing semicolons and whitespace are dropped.</summary>
    public static SqlRelation ForQuery(string query, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        string text = query.Trim().TrimEnd(';').TrimEnd();
        if (text.Length == 0) throw new ArgumentException($"The query{(file is null ? "" : $" in {file}")} is empty.", nameof(query));
        return new SqlRelation(null, text, file);
    }

    /// <summary>Reads a query file; the error names the file.</summary>
    public static SqlRelation FromQueryFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--query: the file '{path}' does not exist.", path);
        return ForQuery(File.ReadAllText(path), path);
    }

    /// <summary>The FROM item, aliased <c>src</c>.</summary>
    public string FromItem(SqlDialect dialect) =>
        Table is not null ? $"{dialect.QuoteTable(Table)} AS src" : $"(\n{Query}\n) AS src";

    /// <summary>For messages: <c>table 't'</c> or <c>the query in FILE</c>.</summary>
    public string Describe() => Table is not null ? $"table '{Table}'" : QueryFile is null ? "the query" : $"the query in {QueryFile}";
}
