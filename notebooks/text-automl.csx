// AutoML text classification helpers shared by review-sentiment.ipynb and customer-service-intent.ipynb,
// which load this file with `#!import text-automl.csx` (the notebook folder is the current directory).
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
using MarketLab.Experiments.Data.Tabular;
using Microsoft.ML;
using Microsoft.ML.Data;

public class TextRow { public string Text { get; set; } = ""; public string Label { get; set; } = ""; }
public class BinaryTextRow { public string Text { get; set; } = ""; public bool Label { get; set; } }

/// The AutoML search's refitted best pipeline and what the search did.
public record TextClassifier(ITransformer Model, string Learner, string Parameters, int Trials, double SearchMetric, string MetricName, string? Positive, string? Negative);

/// Rows as an IDataView: a bool label for two classes (the positive class is <paramref name="positive"/>), else the label text.
IDataView TextView(MLContext ml, TextExamples rows, string? positive) => positive is not null
    ? ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(i => new BinaryTextRow { Text = rows.Texts[i], Label = rows.Labels[i] == positive }).ToArray())
    : ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows.Count).Select(i => new TextRow { Text = rows.Texts[i], Label = rows.Labels[i] }).ToArray());

/// Searches featurization + trainer + hyper-parameters with MarketLab's AutoML (SMAC tuner, one worker, one thread and
/// a trial budget, so a seed gives the same trials and scores in every run: SDCA on two threads did not), then refits
/// the best trial on all training rows. <paramref name="textFeatures"/> is ngrams (tuned TF-IDF), embeddings (the
/// frozen encoder <paramref name="embeddingModel"/>'s sentence embeddings instead) or both (beside the n-grams), as
/// `marketlab automl --text-features`; the embedding prints its progress lines. <paramref name="validationGroups"/> is
/// auto (repeated and nested texts stay in one fold when common, e.g. SST-2's sub-phrases), none, or a column, as
/// `marketlab automl --validation-groups`; the grouping is printed when it applies. <paramref name="folds"/> null chooses
/// as `marketlab automl` does without `--folds` (text: the 20% holdout) and prints the choice; 0 or k sets it.
async Task<TextClassifier> SearchTextClassifier(MLContext ml, TextExamples train, int trials, int seed, IReadOnlyList<TrainerName> trainers, int? folds = null,
    string textFeatures = "ngrams", string embeddingModel = "all-minilm-l6-v2", string validationGroups = "auto")
{
    if (textFeatures is not ("ngrams" or "embeddings" or "both"))
        throw new ArgumentException($"textFeatures '{textFeatures}' is not one of ngrams, embeddings, both (as marketlab automl --text-features).", nameof(textFeatures));
    var classes = train.Classes;
    string? positive = classes.Count == 2 ? classes[^1] : null;
    var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
    {
        Task = positive is not null ? AutoMLTask.BinaryClassification : AutoMLTask.MulticlassClassification,
        LabelColumn = "Label", Tuner = TunerKind.Smac, MaxTrials = trials, TimeBudget = TimeSpan.FromDays(1),
        Folds = folds, Workers = 1, TotalThreads = 1, Seed = seed, Trainers = trainers,
        TextEmbeddings = textFeatures == "ngrams" ? null : new MarketLab.Experiments.Models.MLNet.SentenceEmbeddingOptions { Model = embeddingModel },
        TextEmbeddingsWithNgrams = textFeatures == "both",
        ValidationGroups = validationGroups,
        Log = Console.WriteLine,
    });
    var result = await experiment.RunAsync(TextView(ml, train, positive), null, CancellationToken,
        new Dictionary<string, ColumnKind> { ["Text"] = ColumnKind.Text });
    var best = result.Best ?? throw new InvalidOperationException($"no AutoML trial succeeded in {result.Trials.Count}");
    return new TextClassifier(experiment.Refit(best), best.Learner, best.Parameters.ToJson(), result.Trials.Count, best.Metric, result.Metric.ToString(), positive, positive is not null ? classes[0] : null);
}

/// Predicted labels (and for two classes the positive-class probability) of the held-out rows.
(string[] Labels, double[]? Probabilities) PredictText(MLContext ml, TextClassifier classifier, TextExamples rows)
{
    var scored = classifier.Model.Transform(TextView(ml, rows, classifier.Positive));
    if (classifier.Positive is { } positive && classifier.Negative is { } negative)
        return ([.. scored.GetColumn<bool>("PredictedLabel").Select(p => p ? positive : negative)], [.. scored.GetColumn<float>("Probability").Select(p => (double)p)]);
    return ([.. scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString())], null);
}
