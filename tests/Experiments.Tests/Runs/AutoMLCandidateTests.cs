using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Synthetic;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Runs;

public sealed class AutoMLCandidateTests : IDisposable
{
    private const string Spec = """
        name: tiny-reviews
        task: text_classification
        seed: 3
        dataset:
          name: synthetic:reviews?rows=300&seed=3
          split: 0.3
        candidates:
          - name: automl
            kind: automl
            parameters: {trials: 3, tuner: smac, trainers: "LightGbm, LbfgsLogisticRegression", folds: 0, primary: auc}
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "marketlab-automl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task SameSpecAndSeedGiveIdenticalMetrics()
    {
        var spec = SpecLoader.Parse(Spec, "tiny-reviews.yaml");
        CandidateRegistry.CreateDefault().Validate(spec);
        var paths = new List<string>();
        foreach (string name in new[] { "a", "b" })
        {
            using var store = RunStore.Open(Path.Combine(_dir, name, "runs.db"));
            var result = await new ExperimentRunner(store).RunWithReportAsync(spec, new RunOptions { ArtifactsRoot = Path.Combine(_dir, name) });
            Assert.Equal(RunStatus.Completed, result.Run.Status);
            paths.Add(result.MetricsPath);
        }
        string json = File.ReadAllText(paths[0]);
        Assert.Equal(json, File.ReadAllText(paths[1]));
        var metrics = MetricsFile.Read(paths[0])["automl"];
        Assert.Equal(3, metrics["trials"]);
        Assert.Equal(90, metrics["test_rows"]);
        Assert.InRange(metrics["accuracy"], 0.5, 1);
        Assert.InRange(metrics["auc"], 0.55, 1); // 210 training sentences, 3 trials: better than chance
        Assert.True(metrics["log_loss"] > 0);
        Assert.Contains("Best trainer", File.ReadAllText(Path.Combine(Path.GetDirectoryName(paths[0])!, "report.html")));
    }

    [Theory]
    [InlineData("trials: 0", "trials")]
    [InlineData("trials: many", "trials")]
    [InlineData("tuner: cfo", "tuner")]
    [InlineData("folds: 1", "folds")]
    [InlineData("trainers: \"LightGbm, NoSuchTrainer\"", "trainers")]
    [InlineData("primary: f1", "primary")]
    [InlineData("text_features: bert", "text_features")]
    [InlineData("model: all-minilm-l6-v2", "model")]
    [InlineData("text_features: embeddings, model: no-such-model", "model")]
    [InlineData("text_features: both, model: no-such-model", "model")]
    public void BadParametersAreNamed(string parameter, string key)
    {
        var spec = SpecLoader.Parse(Spec.Replace("trials: 3, tuner: smac, trainers: \"LightGbm, LbfgsLogisticRegression\", folds: 0, primary: auc", parameter), "bad.yaml");
        var e = Assert.Throws<SpecException>(() => CandidateRegistry.CreateDefault().Validate(spec));
        Assert.Equal($"candidates[0].parameters.{key}", e.Key);
    }

    [Fact]
    public void TextFeaturesEmbeddingsDefaultsToMiniLm()
    {
        Assert.Equal("all-minilm-l6-v2", MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string> { ["text_features"] = "embeddings" }).Settings!.EmbeddingModel);
        Assert.Null(MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string>()).Settings!.EmbeddingModel);
        var both = MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string> { ["text_features"] = "both", ["model"] = "snowflake-arctic-embed-xs" }).Settings!;
        Assert.Equal("snowflake-arctic-embed-xs", both.EmbeddingModel);
        Assert.True(both.EmbeddingsWithNgrams);
        Assert.False(MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string> { ["text_features"] = "embeddings" }).Settings!.EmbeddingsWithNgrams);
    }

    [Fact]
    public void ValidationGroupsDefaultToAutoAndPassThrough()
    {
        Assert.Equal("auto", MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string>()).Settings!.ValidationGroups);
        Assert.Equal("customer_id", MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string> { ["validation_groups"] = "customer_id" }).Settings!.ValidationGroups);
        var (settings, errors) = MarketLab.Experiments.Runs.Candidates.AutoMLCandidate.Parse(new Dictionary<string, string> { ["validation_groups"] = " " });
        Assert.Null(settings);
        Assert.Equal("validation_groups", Assert.Single(errors).Parameter);
    }

    [Fact]
    public void CiReviewSentimentSpecValidates()
    {
        string path = Path.Combine(SharedDatasets.RepositoryRoot()!, "experiments", "ci", "review-sentiment.yaml");
        var spec = SpecLoader.Load(path);
        CandidateRegistry.CreateDefault().Validate(spec);
        Assert.Equal(ExperimentTask.TextClassification, spec.Task);
        Assert.Equal("uci_sentiment_amazon", spec.Dataset.Name);
        Assert.True(File.Exists(Path.Combine(SharedDatasets.RepositoryRoot()!, "experiments", "ci", "baselines", "review-sentiment.metrics.json")));
    }

    [Fact]
    public void TextSplitIsStratifiedAndSeeded()
    {
        var examples = ReviewTextGenerator.Generate(200, 1);
        Assert.Equal(examples, ReviewTextGenerator.Generate(200, 1), new ExamplesComparer());
        var (train, test) = examples.StratifiedSplit(0.25, 9);
        Assert.Equal((train, test), examples.StratifiedSplit(0.25, 9), new SplitComparer());
        Assert.Equal(200, train.Length + test.Length);
        foreach (string label in examples.Classes)
        {
            int all = examples.Labels.Count(l => l == label), held = test.Count(i => examples.Labels[i] == label);
            Assert.Equal(Math.Round(0.25 * all, MidpointRounding.AwayFromZero), held);
        }
    }

    [Fact]
    public void SentenceFilesAreReadWithoutQuoteHandling()
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "s.txt");
        File.WriteAllText(path, "He said \"great movie.  \t1\nA \"stray quote, bad\t0\nPlain, with comma\t1\n");
        var examples = SentimentText.Load(path);
        Assert.Equal(["He said \"great movie.", "A \"stray quote, bad", "Plain, with comma"], examples.Texts);
        Assert.Equal(["1", "0", "1"], examples.Labels);
    }

    private sealed class ExamplesComparer : IEqualityComparer<TextExamples>
    {
        public bool Equals(TextExamples? x, TextExamples? y) => x!.Texts.SequenceEqual(y!.Texts) && x.Labels.SequenceEqual(y.Labels);
        public int GetHashCode(TextExamples obj) => obj.Count;
    }

    private sealed class SplitComparer : IEqualityComparer<(int[], int[])>
    {
        public bool Equals((int[], int[]) x, (int[], int[]) y) => x.Item1.SequenceEqual(y.Item1) && x.Item2.SequenceEqual(y.Item2);
        public int GetHashCode((int[], int[]) obj) => obj.Item1.Length;
    }
}
