namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// What differs between engines in the generated SQL: identifier quoting, type names and parameter markers.
/// Everything else the generator writes is ANSI SQL (COUNT, SUM, CAST, CASE, GROUP BY, window functions), so
/// Trino, Spark SQL and BigQuery need only these members changed (docs/ab-cli.md, dialect notes).
/// </summary>
public sealed class SqlDialect
{
    private SqlDialect(SqlEngine engine, string doubleType, string textType)
    {
        Engine = engine;
        DoubleType = doubleType;
        TextType = textType;
    }

    public static SqlDialect DuckDb { get; } = new(SqlEngine.DuckDb, "DOUBLE", "VARCHAR");

    public static SqlDialect Postgres { get; } = new(SqlEngine.Postgres, "DOUBLE PRECISION", "TEXT");

    public static SqlDialect For(SqlEngine engine) => engine == SqlEngine.DuckDb ? DuckDb : Postgres;

    public SqlEngine Engine { get; }

    /// <summary>The 64-bit floating-point type every metric value is cast to before summing.</summary>
    public string DoubleType { get; }

    /// <summary>The text type arm and segment values are cast to.</summary>
    public string TextType { get; }

    /// <summary>
    /// A double-quoted identifier with embedded quotes doubled (SQL:2016 delimited identifier; both engines), so a
    /// column called <c>x"; DROP TABLE t; --</c> stays one name. NUL cannot appear in an identifier and is refused.
    /// </summary>
    public string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.Length == 0) throw new ArgumentException("An SQL identifier cannot be empty.", nameof(identifier));
        if (identifier.Contains('\0')) throw new ArgumentException($"The identifier '{identifier.Replace("\0", "\\0")}' contains a NUL character.", nameof(identifier));
        return "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>A possibly schema-qualified table name (<c>schema.table</c>), each part quoted.</summary>
    public string QuoteTable(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        string[] parts = table.Split('.');
        if (parts.Length > 3 || parts.Any(p => p.Length == 0))
            throw new ArgumentException($"'{table}' is not a table name (TABLE, SCHEMA.TABLE or CATALOG.SCHEMA.TABLE).", nameof(table));
        return string.Join(".", parts.Select(Quote));
    }

    /// <summary>A string literal with single quotes doubled; used only where an engine takes no parameter (a file path in a view).</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0')) throw new ArgumentException("A string value cannot contain a NUL character.", nameof(value));
        return "'" + value.Replace("'", "''") + "'";
    }

    /// <summary>The marker of the 1-based positional parameter <paramref name="index"/> (<c>$1</c> in both engines).</summary>
    public string Parameter(int index) => "$" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Casts an expression to the double type.</summary>
    public string AsDouble(string expression) => $"CAST({expression} AS {DoubleType})";

    /// <summary>Casts an expression to text.</summary>
    public string AsText(string expression) => $"CAST({expression} AS {TextType})";
}
