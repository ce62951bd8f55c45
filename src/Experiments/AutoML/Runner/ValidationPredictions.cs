using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// The predictions each succeeded trial made on its validation folds, kept from the search so that the ensembles
/// (<see cref="AutoMLExperiment.TrySelectEnsemble"/>, top-k, stacking) combine them without refitting every member on
/// every fold again, as auto-sklearn keeps its models' hold-out predictions for ensemble selection (Feurer et al.,
/// NeurIPS 2015, "Efficient and robust automated machine learning"). Classification only. Bounded: after each result the
/// search keeps the predictions of the trials an ensemble library can draw (<see cref="Retain"/>); a member whose
/// predictions are missing (pruned, or run by a cluster worker) is refitted as before.
/// </summary>
internal sealed class ValidationPredictions
{
    /// <summary>One fold's predictions: <paramref name="Values"/> holds <paramref name="Width"/> numbers per validation row
    /// (binary: the calibrated probability of true; multiclass: the class scores in key order), and for multiclass the
    /// rows' label keys (1-based; 0 for a class the fold's training rows did not contain).</summary>
    internal sealed record Fold(float[] Values, int Width, uint[]? Keys);

    private readonly ConcurrentDictionary<int, Fold[]> _byTrial = new();

    /// <summary>How many trials' predictions are held.</summary>
    public int Count => _byTrial.Count;

    public void Add(int trial, Fold[] folds) => _byTrial[trial] = folds;

    public bool TryGet(int trial, out Fold[] folds) => _byTrial.TryGetValue(trial, out folds!);

    /// <summary>Drops the predictions of every trial not in <paramref name="keep"/>.</summary>
    public void Retain(IReadOnlySet<int> keep)
    {
        foreach (var id in _byTrial.Keys)
            if (!keep.Contains(id)) _byTrial.TryRemove(id, out _);
    }

    /// <summary>The predictions in <paramref name="scored"/> (a trial pipeline's output on validation rows, label in
    /// <see cref="FeaturizationPlan.LabelColumn"/>); null for regression.</summary>
    public static Fold? Extract(IDataView scored, AutoMLTask task)
    {
        switch (task)
        {
            case AutoMLTask.BinaryClassification:
                return new Fold(scored.GetColumn<float>("Probability").ToArray(), 1, null);
            case AutoMLTask.MulticlassClassification:
                var width = ((VectorDataViewType)scored.Schema["Score"].Type).Size;
                var keys = scored.GetColumn<uint>(FeaturizationPlan.LabelColumn).ToArray();
                var values = new float[keys.Length * width];
                var row = 0;
                foreach (var score in scored.GetColumn<VBuffer<float>>("Score"))
                {
                    score.CopyTo(values, row * width);
                    row++;
                }

                return new Fold(values, width, keys);
            default:
                return null;
        }
    }
}
