namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// A confusion matrix that batches add into (never overwrite: ML.NET's NAS-BERT validation loop kept only the last
/// batch's counts). Accuracy and macro-F1 come from the summed counts, so uneven batch sizes weigh correctly.
/// </summary>
public sealed class ClassificationCounts
{
    private readonly long[,] confusion;

    public ClassificationCounts(int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be at least 2; got {classes}.");
        confusion = new long[classes, classes];
    }

    public int Classes => confusion.GetLength(0);

    public long Total { get; private set; }

    public long Correct { get; private set; }

    /// <summary>Loss summed over examples (mean batch loss x batch size), for a size-weighted mean.</summary>
    public double LossSum { get; private set; }

    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    public double MeanLoss => Total == 0 ? double.NaN : LossSum / Total;

    /// <summary>Rows = actual, columns = predicted.</summary>
    public long this[int actual, int predicted] => confusion[actual, predicted];

    /// <summary>Adds one batch: its predictions, true labels and mean loss.</summary>
    public void Add(IReadOnlyList<int> predicted, IReadOnlyList<int> actual, double meanBatchLoss = 0)
    {
        if (predicted.Count != actual.Count) throw new ArgumentException($"predicted has {predicted.Count} items but actual has {actual.Count}.");
        for (int i = 0; i < predicted.Count; i++)
        {
            confusion[actual[i], predicted[i]]++;
            if (actual[i] == predicted[i]) Correct++;
        }

        Total += predicted.Count;
        LossSum += meanBatchLoss * predicted.Count;
    }

    /// <summary>Unweighted mean of per-class F1 (a class absent from both actual and predicted counts as F1 = 0).</summary>
    public double MacroF1()
    {
        double sum = 0;
        for (int c = 0; c < Classes; c++)
        {
            long tp = confusion[c, c], fp = 0, fn = 0;
            for (int o = 0; o < Classes; o++)
            {
                if (o == c) continue;
                fp += confusion[o, c];
                fn += confusion[c, o];
            }

            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }

        return sum / Classes;
    }
}
