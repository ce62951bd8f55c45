using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.Models.MLNet;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>
/// Chooses featurization from column types (<see cref="Plan"/>) and builds it as an ML.NET estimator
/// (<see cref="Build"/>): numeric columns concatenated with per-slot mean imputation, booleans to 0/1,
/// categoricals one-hot (hashed above <see cref="ColumnInference.OneHotMaxCardinality"/>), free text
/// through our sparse TF-IDF featurizer (<see cref="TfIdfTextEstimator"/>) with the tunable <see cref="FeaturizerSearchSpace"/>, or through a frozen encoder's sentence
/// embeddings when <see cref="FeaturizationPlan.TextEmbeddings"/> is set (beside the n-grams with <see cref="FeaturizationPlan.EmbeddingsWithNgrams"/>). The label goes to
/// <see cref="FeaturizationPlan.LabelColumn"/>: Boolean (binary), key (multiclass) or Single (regression).
/// </summary>
public static class Featurizer
{
    /// <summary>Checks the label and features of <paramref name="data"/> and chooses each column's featurization.</summary>
    /// <param name="data">The training data (scalar Single/Double/Int/Boolean/Text columns).</param>
    /// <param name="label">The label column.</param>
    /// <param name="task">The prediction task.</param>
    /// <param name="kinds">Kinds inferred when loading (e.g. <see cref="CsvDataLoader"/>); text columns not listed are classified by
    /// <see cref="ColumnInference.InferText"/>; identifiers are left out.</param>
    /// <exception cref="AutoMLDataException">No rows, label missing, single-class or constant label, or an all-missing feature.</exception>
    public static FeaturizationPlan Plan(IDataView data, string label, AutoMLTask task, IReadOnlyDictionary<string, ColumnKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var view = InMemoryDataView.From(data);
        if (view.Schema.GetColumnOrNull(label) is null)
            throw new AutoMLDataException(label, $"Label column '{label}' is not in the data; columns: {string.Join(", ", view.Schema.Select(c => c.Name))}.");
        if (view.RowCount == 0) throw new AutoMLDataException(null, "The data has no rows.");
        var labelKind = CheckLabel(view, label, task);
        var features = new List<ColumnPlan>();
        foreach (var column in view.Schema.Where(c => c.Name != label))
            if (PlanColumn(view, column, kinds) is { } planned) features.Add(planned);
        if (features.Count == 0) throw new AutoMLDataException(null, $"The data has no feature columns besides the label '{label}'.");
        return new FeaturizationPlan(task, label, labelKind, features);
    }

    /// <summary>
    /// The label conversion and featurization as one estimator; text options from <paramref name="parameters"/> (defaults
    /// where absent). With free text (<see cref="FeaturizationPlan.HasText"/>) each text column becomes our sparse TF-IDF
    /// vector (<see cref="TfIdfTextEstimator"/>), left as it is (L2-normalised per block), and the other columns are min-max
    /// scaled here, before the concatenation, so that the trainers must not scale the whole vector again
    /// (<see cref="ScalesFeatures"/>): per-slot scaling would undo the TF-IDF weighting.
    /// </summary>
    public static IEstimator<ITransformer> Build(MLContext ml, FeaturizationPlan plan, ParameterSet? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(plan);
        parameters ??= ParameterSet.Empty;
        IEstimator<ITransformer> pipeline = LabelEstimator(ml, plan);
        var outputs = new List<string>();
        var numeric = plan.Features.Where(f => f.Kind == ColumnKind.Numeric).Select(f => f.Name).ToArray();
        if (numeric.Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Concatenate("__num", numeric))
                .Append(ml.Transforms.ReplaceMissingValues("__num", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean));
            outputs.Add("__num");
        }

        var text = new List<string>();
        foreach (var f in plan.Features.Where(f => f.Kind != ColumnKind.Numeric))
        {
            var output = "__f_" + f.Name;
            var isText = f.Kind is not (ColumnKind.Boolean or ColumnKind.Categorical);
            var tfidf = isText && (plan.TextEmbeddings is null || plan.EmbeddingsWithNgrams);
            (tfidf ? text : outputs).Add(output);
            if (isText && plan.EmbeddingsWithNgrams && plan.AppliedEmbeddings is { } beside)
            {
                // The embedding as one more block beside the n-grams (unit L2 norm like each TF-IDF block), left unscaled.
                pipeline = pipeline.Append(ml.Transforms.Text.SentenceEmbedding(beside with { InputColumnName = f.Name, OutputColumnName = "__e_" + f.Name }));
                text.Add("__e_" + f.Name);
            }

            pipeline = pipeline.Append<ITransformer>(f.Kind switch
            {
                ColumnKind.Boolean => (IEstimator<ITransformer>)ml.Transforms.Conversion.ConvertType(output, f.Name, DataKind.Single),
                ColumnKind.Categorical when f.Hashed => ml.Transforms.Categorical.OneHotHashEncoding(output, f.Name, numberOfBits: 10),
                ColumnKind.Categorical => ml.Transforms.Categorical.OneHotEncoding(output, f.Name),
                _ when plan.AppliedEmbeddings is { } embeddings && !plan.EmbeddingsWithNgrams => ml.Transforms.Text.SentenceEmbedding(embeddings with { InputColumnName = f.Name, OutputColumnName = output }),
                _ => new TfIdfTextEstimator(output, f.Name, FeaturizerSearchSpace.Options(parameters)),
            });
        }

        if (plan.HasText && outputs.Count > 0)
        {
            // The non-text columns, scaled to [0, 1] on the training rows (zeros stay zero), as the trainers would have.
            pipeline = pipeline.Append(ml.Transforms.Concatenate("__tab", outputs.ToArray())).Append(ml.Transforms.NormalizeMinMax("__tab"));
            outputs = ["__tab"];
        }

        return pipeline.Append(ml.Transforms.Concatenate(FeaturizationPlan.FeaturesColumn, outputs.Concat(text).ToArray()));
    }

    /// <summary>
    /// Whether the trainers should min-max scale the feature vector (linear learners): false when <see cref="Build"/> has
    /// scaled the non-text columns itself and the TF-IDF blocks must keep their weights.
    /// </summary>
    public static bool ScalesFeatures(FeaturizationPlan plan) => !(plan ?? throw new ArgumentNullException(nameof(plan))).HasText;

    private static IEstimator<ITransformer> LabelEstimator(MLContext ml, FeaturizationPlan plan) => (plan.Task, plan.LabelKind) switch
    {
        (AutoMLTask.BinaryClassification, ColumnKind.Boolean) => (IEstimator<ITransformer>)ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, plan.Label),
        (AutoMLTask.BinaryClassification, _) => ml.Transforms.Conversion.ConvertType(FeaturizationPlan.LabelColumn, plan.Label, DataKind.Boolean),
        (AutoMLTask.MulticlassClassification, ColumnKind.Boolean) => ml.Transforms.Conversion.ConvertType("__LabelText", plan.Label, DataKind.String)
            .Append(ml.Transforms.Conversion.MapValueToKey(FeaturizationPlan.LabelColumn, "__LabelText")),
        (AutoMLTask.MulticlassClassification, _) => ml.Transforms.Conversion.MapValueToKey(FeaturizationPlan.LabelColumn, plan.Label),
        (_, ColumnKind.Boolean) => ml.Transforms.Conversion.ConvertType(FeaturizationPlan.LabelColumn, plan.Label, DataKind.Single),
        _ => ml.Transforms.CopyColumns(FeaturizationPlan.LabelColumn, plan.Label),
    };

    private static ColumnKind CheckLabel(InMemoryDataView view, string label, AutoMLTask task)
    {
        var type = view.Schema[label].Type.RawType;
        if (type == typeof(bool))
        {
            var classes = view.Values<bool>(label).Distinct().Count();
            if (classes < 2 && task != AutoMLTask.Regression)
                throw new AutoMLDataException(label, $"Label column '{label}' has a single class ({view.Values<bool>(label)[0]}); {task} needs at least two.");
            if (classes < 2) throw new AutoMLDataException(label, $"Label column '{label}' is constant; regression needs a varying label.");
            return ColumnKind.Boolean;
        }

        if (type == typeof(float))
        {
            var values = view.Values<float>(label);
            if (values.Any(v => !float.IsFinite(v)))
                throw new AutoMLDataException(label, $"Label column '{label}' has missing or infinite values (row {Array.FindIndex(values, v => !float.IsFinite(v)) + 1}).");
            var distinct = values.Distinct().OrderBy(v => v).ToArray();
            if (distinct.Length < 2)
                throw new AutoMLDataException(label, $"Label column '{label}' is constant ({distinct[0]}); {task} needs at least two distinct values.");
            if (task == AutoMLTask.BinaryClassification && distinct.Any(v => v != 0 && v != 1))
                throw new AutoMLDataException(label, $"Label column '{label}' must be Boolean or 0/1 for binary classification; found {distinct.Length} distinct values ({string.Join(", ", distinct.Take(5))}...).");
            return ColumnKind.Numeric;
        }

        if (task != AutoMLTask.MulticlassClassification)
            throw new AutoMLDataException(label, $"Label column '{label}' is text; {task} needs a {(task == AutoMLTask.Regression ? "numeric" : "Boolean or 0/1")} label.");
        var texts = view.Values<ReadOnlyMemory<char>>(label).Select(m => m.ToString()).Distinct().ToArray();
        if (texts.Length < 2)
            throw new AutoMLDataException(label, $"Label column '{label}' has a single class ('{texts[0]}'); multiclass classification needs at least two.");
        return ColumnKind.Categorical;
    }

    // Null for an identifier (left out of the features).
    private static ColumnPlan? PlanColumn(InMemoryDataView view, DataViewSchema.Column column, IReadOnlyDictionary<string, ColumnKind>? kinds)
    {
        if (kinds is not null && kinds.TryGetValue(column.Name, out var given) && given == ColumnKind.Identifier) return null;
        var type = column.Type.RawType;
        if (type == typeof(bool)) return new ColumnPlan(column.Name, ColumnKind.Boolean);
        if (type == typeof(float))
        {
            if (view.Values<float>(column.Name).All(v => float.IsNaN(v)))
                throw new AutoMLDataException(column.Name, $"Feature column '{column.Name}' has no values (all {view.RowCount} rows are missing); drop it.");
            return new ColumnPlan(column.Name, ColumnKind.Numeric);
        }

        var values = view.Values<ReadOnlyMemory<char>>(column.Name).Select(m => m.ToString()).Where(s => s.Length > 0).ToArray();
        if (values.Length == 0)
            throw new AutoMLDataException(column.Name, $"Feature column '{column.Name}' has no values (all {view.RowCount} rows are empty); drop it.");
        var kind = kinds is not null && kinds.TryGetValue(column.Name, out var k) && k is ColumnKind.Text or ColumnKind.Categorical
            ? k : ColumnInference.InferText(values);
        if (kind == ColumnKind.Identifier) return null;
        return new ColumnPlan(column.Name, kind, values.Distinct(StringComparer.Ordinal).Count());
    }
}
