using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Data.Tabular;

/// <summary>
/// A columnar, in-memory <see cref="IDataView"/> of scalar Single, Boolean and Text columns. AutoML
/// materialises its input once into this form so that folds are plain row-index subsets (stratified
/// k-fold needs row positions, which ML.NET's public <c>CrossValidationSplit</c> does not stratify on).
/// </summary>
internal sealed class InMemoryDataView : IDataView
{
    private readonly Array[] _columns; // float[], bool[] or ReadOnlyMemory<char>[]
    private readonly int[] _rows;       // row positions into the columns, in order

    internal InMemoryDataView(IReadOnlyList<string> names, IReadOnlyList<Array> columns, int[]? rows = null)
    {
        if (names.Count != columns.Count) throw new ArgumentException("One name per column is needed.", nameof(names));
        var builder = new DataViewSchema.Builder();
        for (var i = 0; i < names.Count; i++) builder.AddColumn(names[i], TypeOf(columns[i], names[i]));
        Schema = builder.ToSchema();
        _columns = columns.ToArray();
        var length = _columns.Length == 0 ? 0 : _columns[0].Length;
        if (_columns.Any(c => c.Length != length)) throw new ArgumentException("All columns must have the same length.", nameof(columns));
        _rows = rows ?? Enumerable.Range(0, length).ToArray();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public int RowCount => _rows.Length;

    /// <summary>The column's values in row order (a copy).</summary>
    public T[] Values<T>(string name) => _rows.Select(r => ((T[])_columns[Schema[name].Index])[r]).ToArray();

    /// <summary>The rows at <paramref name="positions"/> (indices into this view), sharing the column storage.</summary>
    public InMemoryDataView Take(IEnumerable<int> positions) =>
        new(Schema.Select(c => c.Name).ToArray(), _columns, positions.Select(p => _rows[p]).ToArray());

    /// <summary>Copies any IDataView of scalar Single/Double/Int32/Int64/Boolean/Text columns (hidden columns dropped).</summary>
    public static InMemoryDataView From(IDataView data)
    {
        if (data is InMemoryDataView view) return view;
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        var lists = columns.Select(c => c.Type.RawType switch
        {
            var t when t == typeof(float) || t == typeof(double) || t == typeof(int) || t == typeof(long) => (System.Collections.IList)new List<float>(),
            var t when t == typeof(bool) => new List<bool>(),
            var t when t == typeof(ReadOnlyMemory<char>) => new List<ReadOnlyMemory<char>>(),
            _ => throw new ArgumentException($"Column '{c.Name}' has type {c.Type}; AutoML reads scalar Single, Double, Int32, Int64, Boolean and Text columns.", nameof(data)),
        }).ToArray();
        using (var cursor = data.GetRowCursor(columns))
        {
            var readers = columns.Select((c, i) => Reader(cursor, c, lists[i])).ToArray();
            while (cursor.MoveNext()) foreach (var read in readers) read();
        }

        return new InMemoryDataView(columns.Select(c => c.Name).ToArray(), lists.Select(ToArray).ToArray());
    }

    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private static DataViewType TypeOf(Array column, string name) => column switch
    {
        float[] => NumberDataViewType.Single,
        bool[] => BooleanDataViewType.Instance,
        ReadOnlyMemory<char>[] => TextDataViewType.Instance,
        _ => throw new ArgumentException($"Column '{name}': unsupported storage {column.GetType().Name}."),
    };

    private static Array ToArray(System.Collections.IList list) => list switch
    {
        List<float> f => f.ToArray(),
        List<bool> b => b.ToArray(),
        List<ReadOnlyMemory<char>> t => t.Select(m => m.ToString().AsMemory()).ToArray(),
        _ => throw new InvalidOperationException(),
    };

    private static Action Reader(DataViewRowCursor cursor, DataViewSchema.Column column, System.Collections.IList list)
    {
        var t = column.Type.RawType;
        if (t == typeof(float)) { var g = cursor.GetGetter<float>(column); var l = (List<float>)list; return () => { float v = 0; g(ref v); l.Add(v); }; }
        if (t == typeof(double)) { var g = cursor.GetGetter<double>(column); var l = (List<float>)list; return () => { double v = 0; g(ref v); l.Add((float)v); }; }
        if (t == typeof(int)) { var g = cursor.GetGetter<int>(column); var l = (List<float>)list; return () => { int v = 0; g(ref v); l.Add(v); }; }
        if (t == typeof(long)) { var g = cursor.GetGetter<long>(column); var l = (List<float>)list; return () => { long v = 0; g(ref v); l.Add(v); }; }
        if (t == typeof(bool)) { var g = cursor.GetGetter<bool>(column); var l = (List<bool>)list; return () => { bool v = false; g(ref v); l.Add(v); }; }
        { var g = cursor.GetGetter<ReadOnlyMemory<char>>(column); var l = (List<ReadOnlyMemory<char>>)list; return () => { ReadOnlyMemory<char> v = default; g(ref v); l.Add(v.ToString().AsMemory()); }; }
    }

    private sealed class Cursor(InMemoryDataView view) : DataViewRowCursor
    {
        private int _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext() => ++_position < view._rows.Length;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (view._columns[column.Index] is not TValue[] values)
                throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
            return (ref TValue value) => value = values[view._rows[_position]];
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)view._rows[_position], 0);
    }
}
