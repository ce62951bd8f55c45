using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Models.MLNet;
using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Tests.Models.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>
/// The frozen-encoder featurizer (<c>mlContext.Transforms.Text.SentenceEmbedding</c>): its column equals
/// <see cref="PretrainedEncoder.Embed"/> for the same texts (to 1e-5: the transform runs ONNX Runtime) (on the committed tiny Hugging Face folder, no packages),
/// bad columns are named, and AutoML trained on MiniLM embeddings of UCI yelp reviews beats chance clearly.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SentenceEmbeddingTransformTests(InstalledModelsFixture models, ITestOutputHelper output) : IClassFixture<InstalledModelsFixture>
{
    private static readonly string Tiny = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-bert", "tiny");

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }

        public float Other { get; set; }
    }

    [LinuxFact]
    public void The_column_equals_the_encoders_embeddings_and_other_columns_pass_through()
    {
        var ml = new MLContext(1);
        string[] texts = ["w5 w17 w30", "w42 w44 w63 w25 w99 w8", "w71", "w5 w17 w30"];
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select((t, i) => new Row { Text = t, Label = i % 2 == 0, Other = i }));
        var estimator = ml.Transforms.Text.SentenceEmbedding("Embedding", "Text", model: Tiny);

        IDataView embedded = estimator.Fit(data).Transform(data);

        using PretrainedEncoder encoder = PretrainedEncoder.Load(Tiny);
        float[][] expected = encoder.Embed(texts);
        float[][] actual = embedded.GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(texts.Length, actual.Length);
        // The transform runs the encoder in ONNX Runtime (OnnxSentenceEncoder); TorchSharp is the reference here.
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (int j = 0; j < expected[i].Length; j++) Assert.True(Math.Abs(expected[i][j] - actual[i][j]) <= 1e-5, $"text {i} slot {j}: {actual[i][j]} against {expected[i][j]}");
        }
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 16), embedded.Schema["Embedding"].Type);
        Assert.Equal([0f, 1f, 2f, 3f], embedded.GetColumn<float>("Other").ToArray());
    }

    [LinuxFact]
    public void A_missing_or_non_text_column_is_named()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable([new Row { Text = "w5", Other = 1 }]);

        var missing = Assert.Throws<ArgumentException>(() => ml.Transforms.Text.SentenceEmbedding("E", "Review", model: Tiny).Fit(data));
        Assert.Contains("no text column 'Review'", missing.Message);
        var numeric = Assert.Throws<ArgumentException>(() => ml.Transforms.Text.SentenceEmbedding("E", "Other", model: Tiny).Fit(data));
        Assert.Contains("Column 'Other' is Single", numeric.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Text.SentenceEmbedding(new SentenceEmbeddingOptions { Model = Tiny, MaxLength = 2 }));
    }

    [SharedDataFact("text/uci_sentiment_labelled/yelp_labelled.txt")]
    public async Task AutoML_on_minilm_embeddings_of_yelp_reviews_beats_chance_clearly()
    {
        string folder = models.Get(PretrainedModels.AllMiniLmL6V2).Directory;
        Row[] rows = File.ReadAllLines(MarketLab.Experiments.Data.SharedDatasets.Resolve("text/uci_sentiment_labelled/yelp_labelled.txt"))
            .Select(l => l.Split('\t')).Select(p => new Row { Text = p[0], Label = p[1].Trim() == "1" }).ToArray();
        var random = new Random(11);
        int[] order = Enumerable.Range(0, rows.Length).OrderBy(_ => random.Next()).ToArray();
        Row[] train = order.Take(800).Select(i => rows[i]).ToArray(), test = order.Skip(800).Select(i => rows[i]).ToArray();
        var ml = new MLContext(5);
        IDataView trainView = ml.Data.LoadFromEnumerable(train.Select(r => new TextRow { Text = r.Text, Label = r.Label }));
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "Label", MaxTrials = 2, TimeBudget = TimeSpan.FromMinutes(30), Seed = 5,
            Trainers = [TrainerName.LbfgsLogisticRegression], HoldoutFraction = 0.2,
            TextEmbeddings = new SentenceEmbeddingOptions { Model = folder },
        });

        AutoMLResult result = await experiment.RunAsync(trainView);
        TrialRecord best = result.Best ?? throw new InvalidOperationException(string.Join("; ", result.Trials.Select(t => t.Error)));
        ITransformer model = experiment.Refit(best);
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(test.Select(r => new TextRow { Text = r.Text, Label = r.Label })));
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        double accuracy = predicted.Zip(test).Count(p => p.First == p.Second.Label) / (double)test.Length;

        output.WriteLine($"validation {result.Metric} {best.Metric:F3}; test accuracy {accuracy:F3} on {test.Length} reviews (chance 0.5)");
        Assert.True(accuracy >= 0.80, $"test accuracy {accuracy:F3}");
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
