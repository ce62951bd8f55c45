using System.Buffers;
using System.Globalization;

namespace MarketLab.Evaluation.Data;

/// <summary>
/// A small forward-only RFC 4180 reader: a header row, comma separators, fields optionally quoted
/// with <c>""</c> as an escaped quote (quoted fields may span lines), CRLF or LF line ends.
/// Blank lines are skipped. Every error is a <see cref="CsvFormatException"/> naming file, line and column.
/// </summary>
/// <remarks>Fields are exposed as spans into a reused buffer, so reading allocates nothing per row.</remarks>
public sealed class CsvReader : IDisposable
{
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\"");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\n");

    private readonly TextReader _reader;
    private readonly bool _leaveOpen;
    private readonly char[] _buffer = new char[1 << 16];
    private int _position;
    private int _length;
    private char[] _record = new char[256];
    private int _recordLength;
    private int[] _ends = new int[16];
    private int _fieldCount;
    private long _nextLine = 1;
    private readonly Dictionary<string, int> _columns;

    /// <summary>Reads the header row from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="source">How errors name the input (usually the file path).</param>
    /// <param name="leaveOpen">Whether disposing this reader leaves <paramref name="reader"/> open.</param>
    public CsvReader(TextReader reader, string source, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        _reader = reader;
        _leaveOpen = leaveOpen;
        Source = source;
        if (!ReadNonBlankRecord()) throw new CsvFormatException(source, 1, null, null, "the file is empty; a header row is expected");
        var header = new string[_fieldCount];
        _columns = new Dictionary<string, int>(_fieldCount, StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            header[i] = Field(i).Trim().ToString();
            // An unnamed column (the index column pandas writes first) is allowed; it cannot be looked up by name.
            if (header[i].Length == 0) continue;
            if (!_columns.TryAdd(header[i], i)) throw Error(i, $"the header repeats the column name '{header[i]}'");
        }
        Header = header;
    }

    /// <summary>Opens a file for reading.</summary>
    public static CsvReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new CsvReader(new StreamReader(stream, detectEncodingFromByteOrderMarks: true), path);
    }

    /// <summary>How errors name the input.</summary>
    public string Source { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>1-based line on which the current record starts.</summary>
    public long Line { get; private set; }

    /// <summary>Number of data records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Index of a header column; the error lists the available columns.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="usedFor">What the column is for (e.g. "the arm", "metric 'ctr'"), used in the error message.</param>
    public int ColumnIndex(string name, string? usedFor = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_columns.TryGetValue(name, out int index)) return index;
        string purpose = usedFor is null ? "" : $" (for {usedFor})";
        throw new CsvFormatException(Source, 1, null, null,
            $"column '{name}'{purpose} is not in the header; available columns: {string.Join(", ", Header)}");
    }

    /// <summary>Moves to the next data record; false at the end of the input.</summary>
    public bool Read()
    {
        if (!ReadNonBlankRecord()) return false;
        RecordCount++;
        if (_fieldCount != Header.Count)
        {
            // Point at the first missing column of a short row, or the first extra field of a long one.
            bool tooShort = _fieldCount < Header.Count;
            throw new CsvFormatException(Source, Line, (tooShort ? _fieldCount : Header.Count) + 1, tooShort ? Header[_fieldCount] : null,
                $"the row has {_fieldCount} fields but the header has {Header.Count}");
        }
        return true;
    }

    /// <summary>The raw text of a field of the current record (valid until the next <see cref="Read"/>).</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        if ((uint)index >= (uint)_fieldCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"The record has {_fieldCount} fields.");
        int start = index == 0 ? 0 : _ends[index - 1];
        return _record.AsSpan(start, _ends[index] - start);
    }

    /// <summary>A field parsed as a finite invariant-culture number; empty, non-numeric, NaN and infinite values are errors.</summary>
    public double GetDouble(int index)
    {
        ReadOnlySpan<char> text = Field(index);
        if (text.IsWhiteSpace()) throw Error(index, "the value is empty; a number is expected");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw Error(index, $"'{Shorten(text)}' is not a number");
        if (!double.IsFinite(value)) throw Error(index, $"'{Shorten(text)}' is not a finite number");
        return value;
    }

    /// <summary>An error about a field of the current record, located by file, line and column.</summary>
    public CsvFormatException Error(int index, string problem) =>
        new(Source, Line, index + 1, Header is not null && index < Header.Count ? Header[index] : null, problem);

    public void Dispose()
    {
        if (!_leaveOpen) _reader.Dispose();
    }

    internal static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");

    private bool ReadNonBlankRecord()
    {
        while (ReadRecord(out bool blank))
            if (!blank) return true;
        return false;
    }

    private bool ReadRecord(out bool blank)
    {
        blank = false;
        _fieldCount = 0;
        _recordLength = 0;
        Line = _nextLine;
        if (Peek() < 0) return false;
        bool quoted = false;
        while (true)
        {
            if (Peek() == '"')
            {
                quoted = true;
                _position++;
                ReadQuoted();
            }
            else ReadUnquoted();
            EndField();
            int c = Peek();
            _position++;
            switch (c)
            {
                case ',':
                    continue;
                case '\r':
                    if (Peek() == '\n') _position++;
                    _nextLine++;
                    break;
                case '\n':
                    _nextLine++;
                    break;
                case < 0:
                    break;
                default:
                    throw Error(_fieldCount - 1, $"unexpected character '{(char)c}' after a closing quote; expected ',' or a line end");
            }
            blank = _fieldCount == 1 && _recordLength == 0 && !quoted;
            return true;
        }
    }

    private void ReadUnquoted()
    {
        while (_position < _length || Fill())
        {
            ReadOnlySpan<char> span = _buffer.AsSpan(_position, _length - _position);
            int stop = span.IndexOfAny(UnquotedStops);
            if (stop < 0)
            {
                Append(span);
                _position = _length;
                continue;
            }
            Append(span[..stop]);
            _position += stop;
            if (_buffer[_position] == '"')
                throw Error(_fieldCount, "a quote appears inside an unquoted field; quote the whole field and write \"\" for a literal quote");
            return;
        }
    }

    private void ReadQuoted()
    {
        long openedOn = _nextLine;
        while (_position < _length || Fill())
        {
            ReadOnlySpan<char> span = _buffer.AsSpan(_position, _length - _position);
            int stop = span.IndexOfAny(QuotedStops);
            if (stop < 0)
            {
                Append(span);
                _position = _length;
                continue;
            }
            Append(span[..(stop + (span[stop] == '\n' ? 1 : 0))]);
            _position += stop + 1;
            if (span[stop] == '\n')
            {
                _nextLine++;
                continue;
            }
            if (Peek() != '"') return; // closing quote
            Append("\"");
            _position++;
        }
        throw new CsvFormatException(Source, openedOn, _fieldCount + 1, Header is not null && _fieldCount < Header.Count ? Header[_fieldCount] : null,
            "a quoted field is not terminated before the end of the file");
    }

    private int Peek() => _position < _length || Fill() ? _buffer[_position] : -1;

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_recordLength + text.Length > _record.Length)
            Array.Resize(ref _record, Math.Max(_record.Length * 2, _recordLength + text.Length));
        text.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += text.Length;
    }

    private void EndField()
    {
        if (_fieldCount == _ends.Length) Array.Resize(ref _ends, _ends.Length * 2);
        _ends[_fieldCount++] = _recordLength;
    }
}
