using MarketLab.Experiments.Bert.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Models.MLNet;

/// <summary>
/// A frozen pretrained encoder as an ML.NET transformer: appends <see cref="SentenceEmbeddingOptions.OutputColumnName"/>,
/// a Single vector of the encoder's hidden size holding each row's sentence embedding (<see cref="PretrainedEncoder.Embed"/>),
/// and passes every input column through. ML.NET's pretrained-featurizer pattern (as its ApplyWordEmbedding and
/// DnnImageFeaturizer): nothing is learned at Fit, so trainers downstream see fixed features. Rows are embedded in
/// batches, so it is not a row-to-row mapper.
/// </summary>
public sealed class SentenceEmbeddingTransformer : ITransformer
{
    private readonly SentenceEmbeddingCache cache;

    internal SentenceEmbeddingTransformer(SentenceEmbeddingOptions options, SentenceEmbeddingCache cache)
    {
        Options = options;
        this.cache = cache;
    }

    public SentenceEmbeddingOptions Options { get; }

    /// <summary>The transformer for <paramref name="options"/> (nothing to fit: a frozen encoder); AutoML model files load it so.</summary>
    internal static SentenceEmbeddingTransformer Create(SentenceEmbeddingOptions options) =>
        new(options, SentenceEmbeddingCache.For(options.ResolveFolder(), options.MaxLength));

    /// <summary>The length of the vectors written.</summary>
    public int Dimension => cache.HiddenSize;

    public bool IsRowToRowMapper => false;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException($"{nameof(SentenceEmbeddingTransformer)} embeds in batches; use Transform.");

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        RequireText(inputSchema);
        return BertScoredDataView.OutputSchema(inputSchema, Columns(null));
    }

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireText(input.Schema);
        (List<string> texts, _, _) = BertColumns.Read(input, Options.InputColumnName, null, null);
        float[][] vectors = cache.Embed(texts, Options.Pooling, Options.Normalize, Options.BatchSize);
        return new BertScoredDataView(input, Columns(vectors));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            $"mlContext.Model.Save cannot store {nameof(SentenceEmbeddingTransformer)} (ML.NET 5 keeps model saving of outside " +
            $"transformers internal); AutoMLModelFile.Save stores it (as its options: {Options.Model}, column {Options.InputColumnName}), or refit the transform, which learns nothing.");

    private void RequireText(DataViewSchema schema)
    {
        DataViewSchema.Column column = BertColumns.Require(schema, Options.InputColumnName, "text");
        if (column.Type is not TextDataViewType)
            throw new ArgumentException($"Column '{Options.InputColumnName}' is {column.Type}; the sentence-embedding transform reads a text column.");
    }

    private AppendedColumn[] Columns(float[][]? vectors)
    {
        int size = Dimension;
        return
        [
            new AppendedColumn(Options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, size), position =>
                (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => new VBuffer<float>(size, (float[])vectors![position()].Clone()).CopyTo(ref value))),
        ];
    }
}
