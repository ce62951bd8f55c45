using MarketLab.Experiments.Bert.MLNet;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Tests.Bert.MLNet;

[Collection(TorchCollection.Name)]
public sealed class BertMulticlassTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "marketlab-bert-mlnet-" + Guid.NewGuid().ToString("N"));

    private sealed class Review
    {
        public string Sentiment { get; set; } = "";

        public string Review1 { get; set; } = "";
    }

    [LinuxFact]
    public void Estimator_trains_evaluates_saves_and_loads()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TinyBert.Sentiment(10).Select(t => new Review { Sentiment = t.Label, Review1 = t.Text }));
        var options = new BertClassificationOptions
        {
            LabelColumnName = "Sentiment", Sentence1ColumnName = "Review1", Config = TinyBert.Config, VocabPath = TinyBert.VocabPath,
            Training = new BertTrainingOptions { Epochs = 25, BatchSize = 8, LearningRate = 1e-2, WarmupFraction = 0, ValidationFraction = 0, MaxLength = 32, Seed = 7 },
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Sentiment").Append(ml.MulticlassClassification.Trainers.Bert(options));
        var model = pipeline.Fit(data);
        IDataView scored = model.Transform(data);
        var metrics = ml.MulticlassClassification.Evaluate(scored, labelColumnName: "Sentiment");
        var keysSeen = scored.GetColumn<uint>("Sentiment").ToArray(); var predSeen = scored.GetColumn<uint>("PredictedLabel").ToArray();
        Assert.True(metrics.MicroAccuracy >= 0.9, $"accuracy {metrics.MicroAccuracy} labels {string.Join(",", keysSeen)} predicted {string.Join(",", predSeen)}");
        Assert.NotNull(scored.Schema.GetColumnOrNull("PredictedLabel"));

        BertMulticlassTransformer bert = model.LastTransformer;
        bert.SaveTo(folder);
        using BertMulticlassTransformer loaded = BertMulticlassTransformer.Load(folder);
        IDataView keyed = model.Take(1).Aggregate(data, (d, t) => t.Transform(d));
        var again = ml.MulticlassClassification.Evaluate(loaded.Transform(keyed), labelColumnName: "Sentiment");
        Assert.Equal(metrics.MicroAccuracy, again.MicroAccuracy, 12);
        Assert.Equal(["pos", "neg"], loaded.Labels.Labels); // key order: MapValueToKey numbers by first appearance
    }

    [Fact]
    public void Flat_overload_fills_the_options()
    {
        var trainer = new MLContext().MulticlassClassification.Trainers.Bert("y", "text", epochs: 2, batchSize: 4);
        Assert.Equal("y", trainer.Options.LabelColumnName);
        Assert.Equal(2, trainer.Options.Training.Epochs);
        Assert.Equal(4, trainer.Options.Training.BatchSize);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
