namespace MarketLab.Evaluation.Data;

/// <summary>
/// Bad CSV input: the message names the file, the 1-based line and column and, when known, the
/// column's header name, so a user can jump straight to the offending cell.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    public CsvFormatException(string source, long line, int? column, string? columnName, string problem)
        : base(Compose(source, line, column, columnName, problem))
    {
        FileName = source;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Problem = problem;
    }

    /// <summary>The file name (or another description of the input).</summary>
    public string FileName { get; }

    /// <summary>1-based line where the offending record starts.</summary>
    public long Line { get; }

    /// <summary>1-based field position within the record, when the problem concerns one field.</summary>
    public int? Column { get; }

    /// <summary>Header name of <see cref="Column"/>, when known.</summary>
    public string? ColumnName { get; }

    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    private static string Compose(string source, long line, int? column, string? columnName, string problem)
    {
        string where = $"{source}: line {line}";
        if (column is int c) where += $", column {c}";
        if (columnName is not null) where += $" ('{columnName}')";
        return $"{where}: {problem}";
    }
}
