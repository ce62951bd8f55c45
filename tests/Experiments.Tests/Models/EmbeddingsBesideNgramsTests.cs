using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.Data.Tabular;
using MarketLab.Experiments.Models;
using MarketLab.Experiments.Models.MLNet;
using MarketLab.Experiments.Tests.Bert.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Tests.Models;

/// <summary>
/// AutoML's text featurization with <c>TextEmbeddingsWithNgrams</c>: each free-text column keeps its tuned TF-IDF
/// n-grams and gets the encoder's unit-norm sentence embedding as one more block; a pipeline holding it is saved by
/// <see cref="AutoMLModelFile"/> and, loaded again, scores exactly as before. On the committed tiny Hugging Face folder
/// (hidden size 16, words w0..w99), so no package is needed.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class EmbeddingsBesideNgramsTests
{
    private static readonly string Tiny = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-bert", "tiny");

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public float Price { get; set; }

        public bool Label { get; set; }
    }

    // Seeded texts of 2-7 tiny-vocabulary words; the label is whether w7 or w13 occurs, flipped for 10% of rows.
    private static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            string[] words = Enumerable.Range(0, random.Next(2, 8)).Select(_ => $"w{random.Next(0, 40)}").ToArray();
            bool label = words.Contains("w7") || words.Contains("w13");
            return new Row { Text = string.Join(' ', words), Price = (float)random.NextDouble(), Label = random.NextDouble() < 0.1 ? !label : label };
        }).ToArray();
    }

    private static readonly Dictionary<string, ColumnKind> Kinds = new() { ["Text"] = ColumnKind.Text, ["Price"] = ColumnKind.Numeric };

    [LinuxFact]
    public void The_unit_embedding_block_follows_the_ngrams()
    {
        var ml = new MLContext(3);
        Row[] rows = Rows(60, 1);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var options = new SentenceEmbeddingOptions { Model = Tiny };
        FeaturizationPlan ngrams = Featurizer.Plan(data, "Label", AutoMLTask.BinaryClassification, Kinds);
        FeaturizationPlan both = ngrams with { TextEmbeddings = options, EmbeddingsWithNgrams = true };
        FeaturizationPlan instead = ngrams with { TextEmbeddings = options };

        int Width(FeaturizationPlan plan, out float[][] features)
        {
            IDataView featurized = Featurizer.Build(ml, plan).Fit(data).Transform(data);
            features = featurized.GetColumn<VBuffer<float>>(FeaturizationPlan.FeaturesColumn).Select(v => v.DenseValues().ToArray()).ToArray();
            return features[0].Length;
        }

        int ngramWidth = Width(ngrams, out float[][] ngramFeatures);
        int bothWidth = Width(both, out float[][] bothFeatures);
        int insteadWidth = Width(instead, out _);

        Assert.True(both.HasText, "n-grams beside embeddings stay tunable");
        Assert.False(instead.HasText);
        Assert.Equal(ngramWidth + 16, bothWidth);
        Assert.Equal(1 + 16, insteadWidth); // the price and the embedding
        using PretrainedEncoder encoder = PretrainedEncoder.Load(Tiny);
        float[][] expected = encoder.Embed(rows.Select(r => r.Text).ToArray(), normalize: true);
        for (int i = 0; i < rows.Length; i++)
        {
            // The n-gram part is unchanged; the last 16 slots are the normalised embedding (ONNX Runtime against TorchSharp).
            Assert.Equal(ngramFeatures[i], bothFeatures[i][..ngramWidth]);
            float[] block = bothFeatures[i][ngramWidth..];
            for (int j = 0; j < 16; j++) Assert.True(Math.Abs(block[j] - expected[i][j]) <= 1e-5, $"row {i} slot {j}: {block[j]} against {expected[i][j]}");
            Assert.Equal(1.0, Math.Sqrt(block.Sum(v => (double)v * v)), 5);
        }
    }

    [LinuxFact]
    public async Task A_saved_pipeline_with_embeddings_beside_ngrams_reloads_and_scores_identically()
    {
        var ml = new MLContext(5);
        IDataView train = ml.Data.LoadFromEnumerable(Rows(240, 2));
        IDataView test = ml.Data.LoadFromEnumerable(Rows(80, 3));
        var experiment = ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "Label", MaxTrials = 2, TimeBudget = TimeSpan.FromMinutes(10), Seed = 5,
            Trainers = [TrainerName.LbfgsLogisticRegression], HoldoutFraction = 0.25,
            TextEmbeddings = new SentenceEmbeddingOptions { Model = Tiny }, TextEmbeddingsWithNgrams = true,
        });

        AutoMLResult result = await experiment.RunAsync(train, columnKinds: Kinds);
        TrialRecord best = result.Best ?? throw new InvalidOperationException(string.Join("; ", result.Trials.Select(t => t.Error)));
        string directory = Directory.CreateTempSubdirectory("marketlab-embeddings-").FullName;
        try
        {
            string path = experiment.SaveBest(best, directory);
            float[] expected = experiment.Refit(best).Transform(test).GetColumn<float>("Probability").ToArray();

            ITransformer loaded = AutoMLModelFile.Load(new MLContext(99), path, out _);
            float[] actual = loaded.Transform(test).GetColumn<float>("Probability").ToArray();

            Assert.Equal(expected, actual);
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".embedding.json", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".tfidf", StringComparison.Ordinal));
            double accuracy = loaded.Transform(test).GetColumn<bool>("PredictedLabel").Zip(Rows(80, 3)).Count(p => p.First == p.Second.Label) / 80.0;
            Assert.True(accuracy >= 0.75, $"test accuracy {accuracy:F3} (the label is two words, 10% flipped)");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public void The_command_says_what_text_becomes_and_its_saved_model_scores_in_automl_predict()
    {
        using var cli = new MarketLab.Experiments.Tests.Cli.CliRunner();
        string csv = "text,price,label\n" + string.Join("\n", Rows(160, 4).Select(r => $"{r.Text},{r.Price.ToString(System.Globalization.CultureInfo.InvariantCulture)},{(r.Label ? 1 : 0)}")) + "\n";
        string data = cli.WriteFile("train.csv", csv);

        var (exit, output, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600", "--max-trials", "2",
            "--workers", "1", "--ensemble", "0", "--column", "text:text", "--text-features", "both", "--embedding-model", Tiny, "--output", cli.PathOf("model"));
        Assert.True(exit == 0, error + output);
        Assert.Contains($"Text (text): {Tiny} sentence embeddings beside the tuned TF-IDF n-grams; up to 160 distinct texts are embedded", output);
        // The embedding before the first trial reports itself (plain lines: the output is not a terminal).
        int start = output.IndexOf($"embedding 160 distinct texts with {Tiny} (ONNX Runtime) before the first trial", StringComparison.Ordinal);
        int done = output.IndexOf("embedded 160/160 texts", StringComparison.Ordinal);
        Assert.True(start >= 0 && done > start, output);
        Assert.True(done < output.IndexOf("trial 0", StringComparison.Ordinal), "the embedding comes before the first trial");

        var (predictExit, _, predictError) = cli.Run("automl", "predict", "--model", cli.PathOf("model"), "--data", data, "--output", cli.PathOf("scores.csv"));
        Assert.True(predictExit == 0, predictError);
        string[] scores = File.ReadAllLines(cli.PathOf("scores.csv"));
        Assert.Equal(161, scores.Length);
        Assert.All(scores.Skip(1), line => Assert.InRange(double.Parse(line.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture), 0, 1));

        var (plainExit, plainOutput, _) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600", "--max-trials", "1",
            "--workers", "1", "--ensemble", "0", "--column", "text:text");
        Assert.Equal(0, plainExit);
        Assert.Contains("Text (text): TF-IDF word and character n-grams, tuned (--text-features both adds", plainOutput);
    }

    [Fact]
    public void Embeddings_beside_ngrams_need_an_encoder()
    {
        var ml = new MLContext(1);
        var e = Assert.Throws<ArgumentException>(() => ml.Auto().CreateExperiment(new AutoMLExperimentOptions
        {
            Task = AutoMLTask.BinaryClassification, LabelColumn = "Label", TextEmbeddingsWithNgrams = true,
        }).RunAsync(ml.Data.LoadFromEnumerable(Rows(20, 1))).GetAwaiter().GetResult());
        Assert.Contains("set TextEmbeddings", e.Message);
    }
}
