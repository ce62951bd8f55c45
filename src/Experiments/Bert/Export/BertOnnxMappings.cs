using MarketLab.Experiments.Bert.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Bert.Export;

/// <summary>The two custom mappings around the ONNX step of <see cref="BertOnnxClassifier"/>: text -> token ids, probabilities -> label.</summary>
internal static class BertOnnxMappings
{
    public static readonly string[] IdColumns = ["input_ids", "attention_mask", "token_type_ids"];

    public sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    public sealed class TokenRow
    {
        public long[] input_ids { get; set; } = [];

        public long[] attention_mask { get; set; } = [];

        public long[] token_type_ids { get; set; } = [];
    }

    public sealed class ProbabilityRow
    {
        public float[] probabilities { get; set; } = [];
    }

    public sealed class LabelRow
    {
        public string PredictedLabel { get; set; } = "";
    }

    public static SchemaDefinition TextSchema(string textColumn)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(TextRow));
        schema[nameof(TextRow.Text)].ColumnName = textColumn;
        return schema;
    }

    // Variable-length int64 vectors: ApplyOnnxModel's [1, -1] shape takes each row's length.
    public static SchemaDefinition TokenSchema()
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(TokenRow));
        foreach (string c in IdColumns) schema[c].ColumnType = new VectorDataViewType(NumberDataViewType.Int64);
        return schema;
    }

    public static SchemaDefinition ProbabilitySchema(int labels)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(ProbabilityRow));
        schema[nameof(ProbabilityRow.probabilities)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, labels);
        return schema;
    }

    public static IEstimator<ITransformer> Tokenizer(MLContext ml, BertTextTokenizer tokenizer, string textColumn) =>
        ml.Transforms.CustomMapping<TextRow, TokenRow>((text, ids) =>
        {
            TokenizedText encoded = tokenizer.Encode(text.Text ?? "");
            ids.input_ids = encoded.InputIds.Select(i => (long)i).ToArray();
            ids.token_type_ids = encoded.TokenTypeIds.Select(i => (long)i).ToArray();
            ids.attention_mask = Enumerable.Repeat(1L, encoded.Length).ToArray();
        }, contractName: null, inputSchemaDefinition: TextSchema(textColumn), outputSchemaDefinition: TokenSchema());

    public static IEstimator<ITransformer> Labeler(MLContext ml, IReadOnlyList<string> labels) =>
        ml.Transforms.CustomMapping<ProbabilityRow, LabelRow>((row, label) =>
        {
            int best = 0;
            for (int i = 1; i < row.probabilities.Length; i++)
            {
                if (row.probabilities[i] > row.probabilities[best]) best = i;
            }

            label.PredictedLabel = labels[best];
        }, contractName: null, inputSchemaDefinition: ProbabilitySchema(labels.Count));
}
