using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Bert.MLNet;

/// <summary>
/// The ML.NET estimator: Fit reads the text column(s) and the key-typed label, fine-tunes BERT and returns a
/// <see cref="BertMulticlassTransformer"/> that adds PredictedLabel (key) and Score (vector of class probabilities).
/// Create it through <c>mlContext.MulticlassClassification.Trainers.Bert(...)</c>.
/// </summary>
public sealed class BertMulticlassTrainer : IEstimator<BertMulticlassTransformer>
{
    internal BertMulticlassTrainer(BertClassificationOptions options) => Options = options;

    public BertClassificationOptions Options { get; }

    public BertMulticlassTransformer Fit(IDataView input)
    {
        BertClassificationOptions o = Options;
        DataViewSchema.Column label = BertColumns.Require(input.Schema, o.LabelColumnName, "label");
        string[] names = BertColumns.KeyNames(label);
        (List<string> texts, List<string>? pairs, List<uint>? keys) = BertColumns.Read(input, o.Sentence1ColumnName, o.Sentence2ColumnName, o.LabelColumnName);
        List<LabeledText> rows = BertColumns.Labeled(texts, pairs, keys!, names, o.LabelColumnName);

        string vocab = o.VocabPath
            ?? (o.PretrainedCheckpoint is { } folder ? BertCheckpoint.Open(folder).VocabPath : SharedModels.Require(SharedModels.BertBaseUncasedVocab));
        BertTextTokenizer tokenizer = BertTextTokenizer.FromVocab(vocab, o.Training.MaxLength);
        var labels = new LabelSet(names);
        BertForSequenceClassification model = o.PretrainedCheckpoint is { } checkpoint
            ? BertClassifierFactory.FromPretrained(checkpoint, labels.Count, o.Training.Seed)
            : BertClassifierFactory.Create(o.Config with { VocabSize = File.ReadLines(vocab).Count() }, labels.Count, o.Training.Seed);
        // ML.NET's Fit is synchronous; the trainer's async API runs on the thread pool, so this waits without a captured context.
        new BertClassifierTrainer(o.Training).TrainAsync(model, tokenizer, labels, rows).GetAwaiter().GetResult();
        return new BertMulticlassTransformer(model, tokenizer, labels, o);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (!inputSchema.Any(c => c.Name == Options.Sentence1ColumnName))
            throw new ArgumentException($"The input schema has no text column '{Options.Sentence1ColumnName}'.");
        // SchemaShape.Column has no public constructor: describe the new columns as a schema and convert it.
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(Options.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), 2));
        builder.AddColumn(Options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single));
        string[] added = [Options.PredictedLabelColumnName, Options.ScoreColumnName];
        return new SchemaShape(inputSchema.Where(c => !added.Contains(c.Name)).Concat(FromSchema(builder.ToSchema())));
    }

    // SchemaShape.Create(DataViewSchema) is internal in ML.NET 5 ([BestFriend]); it is the only way to build columns.
    private static SchemaShape FromSchema(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;
}
