using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Bert.MLNet;

/// <summary>What the binary and multiclass estimators share: reading the data, fine-tuning, describing new columns.</summary>
internal static class BertFitting
{
    /// <summary>Fine-tunes a model for the classes <paramref name="names"/> (label column values 1..k, see BertColumns.Read).</summary>
    public static (BertForSequenceClassification Model, BertTextTokenizer Tokenizer, LabelSet Labels) Fit(BertClassificationOptions o, IDataView input, string[] names)
    {
        (List<string> texts, List<string>? pairs, List<uint>? keys) = BertColumns.Read(input, o.Sentence1ColumnName, o.Sentence2ColumnName, o.LabelColumnName);
        List<LabeledText> rows = BertColumns.Labeled(texts, pairs, keys!, names, o.LabelColumnName);
        BertStart start = o.PretrainedCheckpoint is { } checkpoint ? BertStart.FromCheckpoint(checkpoint, o.VocabPath) : BertStart.Scratch(o.Config, o.VocabPath);
        // ML.NET's Fit is synchronous; the workflow's async API runs on the thread pool, so this waits without a captured context.
        BertFitResult fit = BertFineTuning.FitAsync(start, new LabelSet(names), rows, o.Training).GetAwaiter().GetResult();
        return (fit.Model, fit.Tokenizer, fit.Labels);
    }

    /// <summary>The input shape with <paramref name="added"/> columns appended (replacing same-named ones).</summary>
    public static SchemaShape OutputShape(SchemaShape input, string textColumn, params (string Name, DataViewType Type, bool KeyValues)[] added)
    {
        if (!input.Any(c => c.Name == textColumn)) throw new ArgumentException($"The input schema has no text column '{textColumn}'.");
        // SchemaShape.Column has no public constructor: describe the new columns as a schema and convert it.
        var builder = new DataViewSchema.Builder();
        foreach ((string name, DataViewType type, bool keyValues) in added)
        {
            // Downstream estimators check annotations in the shape (MapKeyToValue needs KeyValues on the predicted key).
            var annotations = new DataViewSchema.Annotations.Builder();
            if (keyValues) annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance), (ref VBuffer<ReadOnlyMemory<char>> v) => v = default);
            builder.AddColumn(name, type, annotations.ToAnnotations());
        }

        var names = added.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(input.Where(c => !names.Contains(c.Name)).Concat(FromSchema(builder.ToSchema())));
    }

    // SchemaShape.Create(DataViewSchema) is internal in ML.NET 5 ([BestFriend]); it is the only way to build columns.
    private static SchemaShape FromSchema(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;
}
