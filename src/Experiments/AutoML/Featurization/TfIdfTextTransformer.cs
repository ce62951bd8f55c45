using System.Reflection;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>
/// Fits the sparse TF-IDF featurizer (<see cref="TfIdfTextOptions"/>) on the rows it is given (in the AutoML search:
/// a fold's training rows only): the vocabulary and document frequencies of each block come from those rows.
/// </summary>
public sealed class TfIdfTextEstimator(string outputColumnName, string inputColumnName, TfIdfTextOptions options) : IEstimator<TfIdfTextTransformer>
{
    /// <inheritdoc/>
    public TfIdfTextTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        options.Validate();
        TfIdfTextTransformer.RequireText(input.Schema, inputColumnName);
        var documents = TfIdfTextTransformer.ReadTexts(input, inputColumnName);
        var words = options.Words is { } w
            ? TfIdfVocabulary.Fit(documents, (d, sink) => TfIdfTextAnalyzer.WordNgrams(d, w, options.RemoveStopWords, sink), options.MinDf, options.MaxFeatures)
            : null;
        var chars = options.Chars is { } c
            ? TfIdfVocabulary.Fit(documents, (d, sink) => TfIdfTextAnalyzer.CharWbNgrams(d, c, sink), options.MinDf, options.MaxFeatures)
            : null;
        if ((words?.Count ?? 0) + (chars?.Count ?? 0) == 0)
            throw new AutoMLDataException(inputColumnName,
                $"Text column '{inputColumnName}': no n-gram occurs in at least {options.MinDf} of the {documents.Count} training rows; lower the minimum document frequency.");
        return new TfIdfTextTransformer(outputColumnName, inputColumnName, options, words, chars);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var column = inputSchema.FirstOrDefault(c => c.Name == inputColumnName);
        if (column.Name is null || column.ItemType is not TextDataViewType || column.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentException($"The TF-IDF featurizer reads a scalar text column '{inputColumnName}'; the input has none.");
        // SchemaShape.Column has no public constructor and SchemaShape.Create(DataViewSchema) is internal in ML.NET 5:
        // describe the new column as a schema and convert it through that method.
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(outputColumnName, new VectorDataViewType(NumberDataViewType.Single, 1));
        var added = (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [builder.ToSchema()])!;
        return new SchemaShape(inputSchema.Where(c => c.Name != outputColumnName).Concat(added));
    }
}

/// <summary>
/// The fitted TF-IDF featurizer: appends <see cref="OutputColumnName"/>, a sparse Single vector of
/// <see cref="Size"/> slots (word block, then character block), to every row. Per block, term counts tf of the
/// kept n-grams (unseen n-grams are ignored), weight (1 + ln tf if the block is sublinear, else tf) × idf, then the block
/// divided by its Euclidean norm; an empty or missing text gives the zero vector. Equal to scikit-learn's
/// <c>TfidfVectorizer(lowercase=True, smooth_idf=True, norm="l2")</c> per block (tests/Experiments.Tests/AutoML/TfIdfTextTests.cs).
/// <para>Saving: ML.NET 5 keeps the model-saving API of outside transformers internal (see
/// <c>MarketLab.Experiments.Bert.MLNet.BertModelFile</c>), so a pipeline holding this transformer is saved with
/// <see cref="Runner.AutoMLModelFile"/>, which stores the vocabulary through <see cref="Write"/> and <see cref="Read"/>.</para>
/// </summary>
public sealed class TfIdfTextTransformer : ITransformer
{
    private const string Magic = "MarketLab.TfIdfText/2";

    // Version 1 had one sublinear-TF flag for both blocks; version 2 adds the character block's own flag after the settings.
    private const string MagicV1 = "MarketLab.TfIdfText/1";

    private readonly TfIdfVocabulary? _words;
    private readonly TfIdfVocabulary? _chars;

    internal TfIdfTextTransformer(string outputColumnName, string inputColumnName, TfIdfTextOptions options, TfIdfVocabulary? words, TfIdfVocabulary? chars)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Options = options;
        _words = words;
        _chars = chars;
    }

    /// <summary>The appended vector column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The settings it was fitted with.</summary>
    public TfIdfTextOptions Options { get; }

    /// <summary>Slots of the output vector (kept word n-grams + kept character n-grams).</summary>
    public int Size => (_words?.Count ?? 0) + (_chars?.Count ?? 0);

    /// <summary>The n-gram of each slot (word block first; character n-grams keep their padding spaces).</summary>
    public IReadOnlyList<string> Vocabulary => [.. _words?.Terms ?? [], .. _chars?.Terms ?? []];

    /// <summary>The idf of each slot, in <see cref="Vocabulary"/> order.</summary>
    public IReadOnlyList<double> Idf => [.. _words?.Idf ?? [], .. _chars?.Idf ?? []];

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException($"{nameof(TfIdfTextTransformer)} maps data views; use Transform.");

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequireText(inputSchema, InputColumnName);
        return OutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireText(input.Schema, InputColumnName);
        return new TfIdfDataView(input, this, OutputSchema(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            $"mlContext.Model.Save cannot store {nameof(TfIdfTextTransformer)} (ML.NET 5 keeps model saving of outside transformers internal); " +
            "save the pipeline with MarketLab.Experiments.AutoML.Runner.AutoMLModelFile.Save and load it with AutoMLModelFile.Load.");

    /// <summary>The TF-IDF vector of one text (sparse, indices ascending).</summary>
    public VBuffer<float> Vectorize(string? text)
    {
        VBuffer<float> value = default;
        new Scratch(this).Vectorize(text, ref value);
        return value;
    }

    /// <summary>Writes the columns, settings and vocabulary (read back by <see cref="Read"/>).</summary>
    public void Write(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(OutputColumnName);
        w.Write(InputColumnName);
        w.Write(Options.Words?.ToString() ?? "none");
        w.Write(Options.Chars?.ToString() ?? "none");
        w.Write(Options.SublinearTf);
        w.Write(Options.MinDf);
        w.Write(Options.MaxFeatures ?? 0);
        w.Write(Options.RemoveStopWords);
        w.Write(Options.CharsSublinear);
        foreach (var block in new[] { _words, _chars })
        {
            w.Write(block?.Count ?? -1);
            if (block is null) continue;
            for (var i = 0; i < block.Count; i++)
            {
                w.Write(block.Terms[i]);
                w.Write(block.Idf[i]);
            }
        }
    }

    /// <summary>Reads a transformer written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold one.</exception>
    public static TfIdfTextTransformer Read(Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = r.ReadString();
            if (magic != Magic && magic != MagicV1) throw new InvalidDataException($"Not a saved TF-IDF featurizer (header '{magic}', expected '{Magic}').");
            var output = r.ReadString();
            var input = r.ReadString();
            var options = new TfIdfTextOptions(NgramRange.Parse(r.ReadString()), NgramRange.Parse(r.ReadString()), r.ReadBoolean(), r.ReadInt32(),
                r.ReadInt32() is var cap && cap > 0 ? cap : null, r.ReadBoolean());
            if (magic == Magic) options = options with { CharSublinearTf = r.ReadBoolean() };
            var blocks = new TfIdfVocabulary?[2];
            for (var b = 0; b < 2; b++)
            {
                var count = r.ReadInt32();
                if (count < 0) continue;
                var terms = new string[count];
                var idf = new double[count];
                for (var i = 0; i < count; i++)
                {
                    terms[i] = r.ReadString();
                    idf[i] = r.ReadDouble();
                }

                blocks[b] = new TfIdfVocabulary(terms, idf);
            }

            return new TfIdfTextTransformer(output, input, options, blocks[0], blocks[1]);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InvalidDataException($"The saved TF-IDF featurizer is truncated or corrupt: {e.Message}", e);
        }
    }

    internal static void RequireText(DataViewSchema schema, string column)
    {
        var c = schema.GetColumnOrNull(column)
            ?? throw new ArgumentException($"The TF-IDF featurizer reads text column '{column}', which is not in the data; columns: {string.Join(", ", schema.Select(x => x.Name))}.");
        if (c.Type is not TextDataViewType) throw new ArgumentException($"Column '{column}' is {c.Type}; the TF-IDF featurizer reads a text column.");
    }

    internal static List<string> ReadTexts(IDataView data, string column)
    {
        var texts = new List<string>();
        var col = data.Schema[column];
        using var cursor = data.GetRowCursor([col]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(col);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            texts.Add(value.ToString());
        }

        return texts;
    }

    private DataViewSchema OutputSchema(DataViewSchema input)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, Size));
        return builder.ToSchema();
    }

    // Per-cursor buffers: dense counts of the touched slots and the list of touched slots.
    private sealed class Scratch(TfIdfTextTransformer owner)
    {
        private readonly int[] _counts = new int[owner.Size];
        private readonly List<int> _touched = [];

        public void Vectorize(string? text, ref VBuffer<float> value)
        {
            var size = owner.Size;
            var indices = new List<int>();
            var values = new List<float>();
            if (!string.IsNullOrEmpty(text))
            {
                if (owner._words is { } words)
                    Block(words, 0, owner.Options.SublinearTf, sink => TfIdfTextAnalyzer.WordNgrams(text, owner.Options.Words!.Value, owner.Options.RemoveStopWords, sink), indices, values);
                if (owner._chars is { } chars)
                    Block(chars, owner._words?.Count ?? 0, owner.Options.CharsSublinear, sink => TfIdfTextAnalyzer.CharWbNgrams(text, owner.Options.Chars!.Value, sink), indices, values);
            }

            // Fresh arrays for every row, never the caller's: consumers that keep the vectors (GetColumn, row caches)
            // must not see a later row through a shared buffer.
            value = new VBuffer<float>(size, indices.Count, values.ToArray(), indices.ToArray());
        }

        private void Block(TfIdfVocabulary vocabulary, int offset, bool sublinear, Action<NgramSink> analyze, List<int> indices, List<float> values)
        {
            _touched.Clear();
            analyze(gram =>
            {
                var i = vocabulary.IndexOf(gram);
                if (i < 0) return;
                if (_counts[offset + i]++ == 0) _touched.Add(i);
            });
            if (_touched.Count == 0) return;
            _touched.Sort();
            var weights = new double[_touched.Count];
            var sumSquares = 0.0;
            for (var k = 0; k < _touched.Count; k++)
            {
                var tf = (double)_counts[offset + _touched[k]];
                var w = (sublinear ? 1.0 + Math.Log(tf) : tf) * vocabulary.Idf[_touched[k]];
                weights[k] = w;
                sumSquares += w * w;
            }

            var norm = Math.Sqrt(sumSquares);
            for (var k = 0; k < _touched.Count; k++)
            {
                indices.Add(offset + _touched[k]);
                values.Add((float)(weights[k] / norm));
                _counts[offset + _touched[k]] = 0;
            }
        }
    }

    // The input rows with the TF-IDF column appended (the input's cursor underneath, so rows stream). Every input
    // column keeps its index; the new column is the last.
    private sealed class TfIdfDataView(IDataView input, TfIdfTextTransformer owner, DataViewSchema schema) : IDataView
    {
        public bool CanShuffle => input.CanShuffle;

        public DataViewSchema Schema => schema;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
            var inputColumns = input.Schema.Where(c => needed.Contains(c.Index)).ToList();
            if (needed.Contains(input.Schema.Count)) inputColumns.Add(input.Schema[owner.InputColumnName]);
            return new Cursor(input.GetRowCursor(inputColumns.Distinct(), rand), owner, schema, needed);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }

    private sealed class Cursor(DataViewRowCursor inner, TfIdfTextTransformer owner, DataViewSchema schema, HashSet<int> active) : DataViewRowCursor
    {
        private readonly Scratch _scratch = new(owner);

        public override DataViewSchema Schema => schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < inner.Schema.Count) return inner.GetGetter<TValue>(inner.Schema[column.Index]);
            if (typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single; requested {typeof(TValue).Name}.");
            var text = inner.GetGetter<ReadOnlyMemory<char>>(inner.Schema[owner.InputColumnName]);
            ReadOnlyMemory<char> raw = default;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                text(ref raw);
                _scratch.Vectorize(raw.ToString(), ref value);
            };
            return (ValueGetter<TValue>)(object)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
