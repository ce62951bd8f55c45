using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Uplift;

/// <summary>A base learner trained on dense rows; predicts P(y = 1 | x) (classifier) or E[y | x] (regressor).</summary>
internal sealed class FittedModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly BaseLearnerKind _kind;
    private readonly int _featureCount;

    private FittedModel(MLContext ml, ITransformer model, BaseLearnerKind kind, int featureCount)
    {
        _ml = ml;
        _model = model;
        _kind = kind;
        _featureCount = featureCount;
    }

    /// <summary>Trains <paramref name="learner"/> on rows; classifiers read targets as 0/1.</summary>
    public static FittedModel Train(MLContext ml, BaseLearner learner, float[][] features, float[] targets, float[]? weights = null)
    {
        if (features.Length == 0) throw new ArgumentException($"{learner.Name} has no rows to train on.");
        if (learner.Kind == BaseLearnerKind.Classifier)
        {
            bool any = false, all = true;
            foreach (float t in targets) { any |= t == 1f; all &= t == 1f; }
            if (!any || all)
                throw new ArgumentException($"{learner.Name} cannot be trained: every one of its {targets.Length} rows has outcome {(any ? 1 : 0)}.");
        }
        int d = features[0].Length;
        var view = View(ml, features, targets, weights, d);
        var columns = new TrainerColumns(learner.Kind == BaseLearnerKind.Classifier ? nameof(Row.Label) : nameof(Row.Target),
            nameof(Row.Features), weights is null ? null : nameof(Row.Weight));
        var model = learner.Create(ml, columns).Fit(view);
        return new FittedModel(ml, model, learner.Kind, d);
    }

    /// <summary>Predictions for each row, in order.</summary>
    public float[] Predict(float[][] features)
    {
        if (features.Length == 0) return [];
        if (features[0].Length != _featureCount)
            throw new ArgumentException($"The model was trained on {_featureCount} features; these rows have {features[0].Length}.");
        var scored = _model.Transform(View(_ml, features, new float[features.Length], null, _featureCount));
        return scored.GetColumn<float>(_kind == BaseLearnerKind.Classifier ? "Probability" : "Score").ToArray();
    }

    private static IDataView View(MLContext ml, float[][] features, float[] targets, float[]? weights, int d)
    {
        var rows = new Row[features.Length];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new Row { Features = features[i], Label = targets[i] == 1f, Target = targets[i], Weight = weights?[i] ?? 1f };
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Target { get; set; }
        public float Weight { get; set; }
    }
}
