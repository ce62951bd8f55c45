using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Bert.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Bert.MLNet;

/// <summary>
/// A fitted BERT classifier. <see cref="Transform"/> scores every row in batches and returns a data view with the label
/// (when present, same key type), the text column(s), PredictedLabel (key with the label names) and Score (class
/// probabilities): what <c>mlContext.MulticlassClassification.Evaluate</c> needs. Other input columns are not carried.
/// Save with <see cref="SaveTo"/> (our checkpoint folder); ML.NET's own model zip needs registered loaders, which
/// this type does not have, so <c>mlContext.Model.Save</c> throws pointing here.
/// </summary>
public sealed class BertMulticlassTransformer : ITransformer, IDisposable
{
    public const string OptionsFile = "mlnet-columns.json";

    private readonly BertForSequenceClassification model;
    private readonly BertTextTokenizer tokenizer;
    private readonly BertClassificationOptions options;

    internal BertMulticlassTransformer(BertForSequenceClassification model, BertTextTokenizer tokenizer, LabelSet labels, BertClassificationOptions options)
    {
        this.model = model;
        this.tokenizer = tokenizer;
        this.options = options;
        Labels = labels;
    }

    public LabelSet Labels { get; }

    public bool IsRowToRowMapper => false;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("BertMulticlassTransformer scores in batches; use Transform (or BertClassifierEvaluator.PredictProbabilities).");

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Transform(new MLContext().Data.LoadFromEnumerable(Array.Empty<BertScoredRow>(), Definition(inputSchema, false))).Schema;

    public IDataView Transform(IDataView input)
    {
        (List<string> texts, List<string>? pairs, List<uint>? keys) = BertColumns.Read(input, options.Sentence1ColumnName, options.Sentence2ColumnName, options.LabelColumnName);
        var encoded = new List<TokenizedText>(texts.Count);
        for (int i = 0; i < texts.Count; i++) encoded.Add(pairs is null ? tokenizer.Encode(texts[i], i) : tokenizer.EncodePair(texts[i], pairs[i], i));
        float[][] scores = BertClassifierEvaluator.PredictProbabilities(model, tokenizer, encoded, options.InferenceBatchSize);
        // LoadFromEnumerable stores a key column's C# value v as key v + 1 (0-based in, 1-based out; uint.MaxValue -> 0 = missing).
        var rows = new BertScoredRow[texts.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            int best = Array.IndexOf(scores[i], scores[i].Max());
            rows[i] = new BertScoredRow { Text = texts[i], Pair = pairs?[i] ?? "", Label = unchecked((keys?[i] ?? 0) - 1), PredictedLabel = (uint)best, Score = scores[i] };
        }

        return new MLContext().Data.LoadFromEnumerable(rows, Definition(input.Schema, keys is not null));
    }

    /// <summary>Writes the checkpoint folder (config.json with labels, vocab.txt, model.safetensors) and the column names.</summary>
    public void SaveTo(string directory)
    {
        TrainingCheckpoint.SaveModel(model, tokenizer, Labels, directory);
        File.WriteAllText(Path.Combine(directory, OptionsFile), System.Text.Json.JsonSerializer.Serialize(new SavedColumns(
            options.LabelColumnName, options.Sentence1ColumnName, options.Sentence2ColumnName, options.ScoreColumnName, options.PredictedLabelColumnName, tokenizer.MaxLength)));
    }

    /// <summary>Loads a folder written by <see cref="SaveTo"/>.</summary>
    public static BertMulticlassTransformer Load(string directory)
    {
        BertCheckpoint checkpoint = BertCheckpoint.Open(directory);
        string columnsPath = Path.Combine(directory, OptionsFile);
        SavedColumns columns = System.Text.Json.JsonSerializer.Deserialize<SavedColumns>(File.ReadAllText(columnsPath))
            ?? throw new InvalidDataException($"{columnsPath} is empty.");
        IReadOnlyList<string> labels = BertConfigJson.ReadLabels(Path.Combine(directory, BertCheckpoint.ConfigFile))
            ?? throw new InvalidDataException($"{directory}: config.json has no id2label.");
        var options = new BertClassificationOptions
        {
            LabelColumnName = columns.Label, Sentence1ColumnName = columns.Sentence1, Sentence2ColumnName = columns.Sentence2,
            ScoreColumnName = columns.Score, PredictedLabelColumnName = columns.PredictedLabel,
        };
        return new BertMulticlassTransformer(checkpoint.LoadClassifier(), checkpoint.LoadTokenizer(columns.MaxLength), new LabelSet(labels), options);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("mlContext.Model.Save cannot store BertMulticlassTransformer; call transformer.SaveTo(folder) and BertMulticlassTransformer.Load(folder).");

    public void Dispose() => model.Dispose();

    private SchemaDefinition Definition(DataViewSchema input, bool hasLabel)
    {
        int k = Labels.Count;
        var names = new VBuffer<ReadOnlyMemory<char>>(k, Labels.Labels.Select(l => l.AsMemory()).ToArray());
        var namesType = new VectorDataViewType(TextDataViewType.Instance, k);
        SchemaDefinition definition = SchemaDefinition.Create(typeof(BertScoredRow));
        definition[nameof(BertScoredRow.Text)].ColumnName = options.Sentence1ColumnName;
        definition[nameof(BertScoredRow.Pair)].ColumnName = options.Sentence2ColumnName ?? "__bert_pair";
        SchemaDefinition.Column label = definition[nameof(BertScoredRow.Label)];
        label.ColumnName = hasLabel ? options.LabelColumnName : "__bert_label";
        label.ColumnType = new KeyDataViewType(typeof(uint), k);
        label.AddAnnotation("KeyValues", names, namesType);
        SchemaDefinition.Column predicted = definition[nameof(BertScoredRow.PredictedLabel)];
        predicted.ColumnName = options.PredictedLabelColumnName;
        predicted.ColumnType = new KeyDataViewType(typeof(uint), k);
        predicted.AddAnnotation("KeyValues", names, namesType);
        SchemaDefinition.Column score = definition[nameof(BertScoredRow.Score)];
        score.ColumnName = options.ScoreColumnName;
        score.ColumnType = new VectorDataViewType(NumberDataViewType.Single, k);
        return definition;
    }

    private sealed record SavedColumns(string Label, string Sentence1, string? Sentence2, string Score, string PredictedLabel, int MaxLength);
}
