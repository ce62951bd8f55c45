using MarketLab.Experiments.Bert.MLNet;
using MarketLab.Experiments.Bert.Modeling;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Models.MLNet;

/// <summary>
/// Estimator of <see cref="SentenceEmbeddingTransformer"/>: Fit checks the text column and loads the frozen encoder
/// (once per process and model; installing a catalogued model on first use); it learns nothing from the data.
/// Reached through <c>mlContext.Transforms.Text.SentenceEmbedding(...)</c> (<see cref="SentenceEmbeddingCatalog"/>).
/// </summary>
public sealed class SentenceEmbeddingEstimator : IEstimator<SentenceEmbeddingTransformer>
{
    internal SentenceEmbeddingEstimator(SentenceEmbeddingOptions options) => Options = options.Validate();

    public SentenceEmbeddingOptions Options { get; }

    public SentenceEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = SentenceEmbeddingTransformer.Create(Options);
        transformer.GetOutputSchema(input.Schema); // the column exists and holds text
        return transformer;
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        int size = BertConfig.FromJson(Path.Combine(Options.ResolveFolder(), BertCheckpoint.ConfigFile)).HiddenSize;
        return BertFitting.OutputShape(inputSchema, Options.InputColumnName, (Options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, size), false));
    }
}
