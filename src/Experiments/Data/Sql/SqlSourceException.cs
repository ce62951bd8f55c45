namespace MarketLab.Experiments.Data.Sql;

/// <summary>
/// A SQL source cannot give what was asked: a missing table or column, a column of the wrong type, NULLs, values a
/// metric refuses, or an engine error. The message names the source, the table or query, and the column.
/// </summary>
public sealed class SqlSourceException : Exception
{
    public SqlSourceException(string message) : base(message) { }

    public SqlSourceException(string message, Exception inner) : base(message, inner) { }
}
