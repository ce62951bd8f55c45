using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Reports;
using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Runs;

/// <summary>
/// The recommendation task in specs: candidates <c>popularity</c>, <c>markov</c>, <c>sasrec</c>, <c>bert4rec</c> over
/// <see cref="RecommendationWorkflow.Run"/>, the entry point of <c>marketlab recommend</c>, on the 814 Taobao histories.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RecommenderCandidateTests : IDisposable
{
    private const string Taobao = "behaviour/taobao-userbehavior/UserBehavior_814users.csv";

    private static string Spec(string candidates, string evaluation = "{negatives: 50, resamples: 100}") => $$"""
        name: recommend
        task: recommendation
        seed: 7
        dataset:
          name: taobao_sequences
          parameters: {target: category}
        evaluation: {{evaluation}}
        candidates:
        {{candidates}}
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "marketlab-recommender-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private async Task<RunResult> Run(string spec, string folder)
    {
        using var store = RunStore.Open(Path.Combine(_dir, folder, "runs.db"));
        return await new ExperimentRunner(store).RunWithReportAsync(SpecLoader.Parse(spec, "recommend.yaml"), new RunOptions { ArtifactsRoot = Path.Combine(_dir, folder), Resume = false });
    }

    [SharedDataFact(Taobao)]
    public async Task CandidatesMatchTheWorkflowAndThePairedTestIsStored()
    {
        string spec = Spec("""
              - {name: pop, kind: popularity}
              - {name: chain, kind: markov}
            """);
        var result = await Run(spec, "a");
        Assert.All(result.Candidates, c => Assert.True(c.Status == CandidateStatus.Completed, c.Error));

        // The same workflow called directly, as `marketlab recommend taobao_sequences --target category` does.
        var split = SequenceDatasets.Load(DatasetCatalog.Default.Resolve("taobao_sequences", new Dictionary<string, string> { ["target"] = "category" }));
        var direct = RecommendationWorkflow.Run(new RecommendationRequest(split, [RecommenderKind.Popularity, RecommenderKind.Markov])
        {
            Negatives = 50, ExcludeHistory = false, Seed = 7,
            Evaluation = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = 100, Method = BootstrapMethod.Percentile, Seed = 7 } },
        });
        var metrics = MetricsFile.Read(result.MetricsPath);
        for (int m = 0; m < 2; m++)
        {
            var summary = direct.Models[m];
            var stored = metrics[m == 0 ? "pop" : "chain"];
            Assert.Equal(summary.Sampled.Single(e => e.Metric == RankMetric.HitAt(10)).Estimate, stored["sampled.hit@10"]);
            Assert.Equal(summary.Full.Single(e => e.Metric == RankMetric.NdcgAt(10)).Estimate, stored["full.ndcg@10"]);
            Assert.Equal(summary.Full.Single(e => e.Metric == RankMetric.Mrr).Estimate, stored["full.mrr"]);
            Assert.Equal(split.Users.Count, (int)stored["users"]);
        }

        // The run's paired test (the better recommender by full NDCG@10, Markov here, against popularity) equals
        // PairedRankingTest on the workflow's own per-user outcomes.
        var comparison = result.Statistics.Recommenders!;
        Assert.Equal("chain", comparison.Best);
        var test = comparison.Tests.Single(t => t.Protocol == "full" && t.Metric == "NDCG@10");
        var reference = PairedRankingTest.Compare(RankMetric.NdcgAt(10), direct.Outcomes[1].Full, direct.Outcomes[0].Full,
            new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = 100, Method = BootstrapMethod.Percentile, Seed = 7 } });
        Assert.Equal((reference.Difference, reference.Interval.Lower, reference.Interval.Upper, reference.PValue), (test.Difference, test.Lower, test.Upper, test.PValue));
        Assert.Equal(4, comparison.Tests.Count); // sampled and full, Hit@10 and NDCG@10

        string report = File.ReadAllText(result.ReportPath!);
        Assert.Contains("<h2>Recommenders</h2>", report);
        Assert.Contains("chain against the others, paired over users", report);
        using var store = RunStore.Open(Path.Combine(_dir, "a", "runs.db"));
        Assert.Equal(report, File.ReadAllText(RunReport.Rerender(store, result.Run.Id, Path.Combine(_dir, "again.html"))));
    }

    [SharedDataFact(Taobao)]
    public async Task SasRecCandidateIsDeterministicAndDrawsItsLossCurve()
    {
        string spec = Spec("""
              - {name: sasrec, kind: sasrec, parameters: {epochs: 2, hidden: 16, max_length: 20}}
            """);
        var first = await Run(spec, "a");
        var second = await Run(spec, "b");
        Assert.True(first.Candidates[0].Status == CandidateStatus.Completed, first.Candidates[0].Error);
        Assert.True(second.Candidates[0].Status == CandidateStatus.Completed, second.Candidates[0].Error);
        Assert.Equal(File.ReadAllText(first.MetricsPath), File.ReadAllText(second.MetricsPath));
        var outcome = first.Candidates[0].Outcome!;
        Assert.Equal("full.ndcg@10", outcome.PrimaryMetric);
        Assert.Equal([1.0, 2.0], Assert.Single(outcome.Curves).X);
        Assert.Null(first.Statistics.Recommenders); // one recommender: nothing to pair
    }

    [SharedDataFact(Taobao)]
    public async Task TheSpecChoosesSasRecsLossAndAnUnknownOneFailsNamingTheChoices()
    {
        var bce = await Run(Spec("  - {name: s, kind: sasrec, parameters: {epochs: 1, hidden: 16, max_length: 20}}"), "bce");
        var sampled = await Run(Spec("  - {name: s, kind: sasrec, parameters: {epochs: 1, hidden: 16, max_length: 20, loss: sampled-ce, train_negatives: 32}}"), "sce");
        Assert.True(sampled.Candidates[0].Status == CandidateStatus.Completed, sampled.Candidates[0].Error);
        // Same seed, other objective: the training loss is on another scale (softmax over 33 items against BCE).
        double Loss(RunResult r) => Assert.Single(r.Candidates[0].Outcome!.Curves).Y[0];
        Assert.NotEqual(Loss(bce), Loss(sampled));

        var bad = await Run(Spec("  - {kind: sasrec, parameters: {epochs: 1, loss: hinge}}"), "bad-loss");
        Assert.Equal(CandidateStatus.Failed, bad.Candidates[0].Status);
        Assert.Contains("loss: 'hinge' is not one of bce, ce, sampled-ce", bad.Candidates[0].Error);
    }

    [SharedDataFact(Taobao)]
    public async Task RerankerCandidateRunsTheWorkflowWithItsSearchBudget()
    {
        string spec = Spec("""
              - {name: chain, kind: markov}
              - {name: rr, kind: reranker, parameters: {trials: 3, seconds: 600}}
            """);
        var result = await Run(spec, "r");
        Assert.All(result.Candidates, c => Assert.True(c.Status == CandidateStatus.Completed, c.Error));
        var outcome = result.Candidates[1].Outcome!;
        Assert.Equal("full.ndcg@10", outcome.PrimaryMetric);
        Assert.Contains(outcome.Notes, n => n.StartsWith("Reranker full ranking: the model scores all", StringComparison.Ordinal));

        // The same workflow called directly with the candidate's seed: a trial budget makes the search reproducible.
        var split = SequenceDatasets.Load(DatasetCatalog.Default.Resolve("taobao_sequences", new Dictionary<string, string> { ["target"] = "category" }));
        var direct = RecommendationWorkflow.Run(new RecommendationRequest(split, [RecommenderKind.Reranker])
        {
            Negatives = 50, ExcludeHistory = false, Seed = 7,
            Evaluation = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = 100, Method = BootstrapMethod.Percentile, Seed = 7 } },
            Reranker = new MarketLab.Experiments.Recommendation.Rerank.RerankerOptions
            {
                MaxTrials = 3, TimeBudget = TimeSpan.FromSeconds(600), Seed = ExperimentRunner.CandidateSeed(7, "rr"),
            },
        });
        var metrics = MetricsFile.Read(result.MetricsPath);
        Assert.Equal(direct.Models[0].Full.Single(e => e.Metric == RankMetric.NdcgAt(10)).Estimate, metrics["rr"]["full.ndcg@10"]);
        Assert.Equal(direct.Models[0].Sampled.Single(e => e.Metric == RankMetric.HitAt(10)).Estimate, metrics["rr"]["sampled.hit@10"]);
        // Candidate features beat the chain on next-category full ranking (measured with the CLI: NDCG@10 0.45 against 0.39).
        Assert.True(metrics["rr"]["full.ndcg@10"] > metrics["chain"]["full.ndcg@10"]);
    }

    [Fact]
    public void AParameterOfAnotherKindIsRejectedWithItsKey()
    {
        var spec = SpecLoader.Parse(Spec("  - {kind: popularity, parameters: {epochs: 3}}"), "recommend.yaml");
        var error = Assert.Throws<SpecException>(() => CandidateRegistry.CreateDefault().Validate(spec));
        Assert.Contains("candidates[0].parameters.epochs", error.Message);
    }

    [SharedDataFact(Taobao)]
    public async Task ANonNumericSettingFailsTheCandidateNamingIt()
    {
        var result = await Run(Spec("  - {kind: sasrec, parameters: {epochs: none}}"), "bad");
        Assert.Equal(CandidateStatus.Failed, result.Candidates[0].Status);
        Assert.Contains("epochs", result.Candidates[0].Error);
    }

    [Theory]
    [InlineData("{negatives: -1}", "evaluation.negatives")]
    [InlineData("{history: sometimes}", "evaluation.history")]
    [InlineData("{resamples: 2.5}", "evaluation.resamples")]
    public void BadEvaluationSettingsNameTheKey(string evaluation, string key)
    {
        var error = Assert.Throws<SpecException>(() => SpecLoader.Parse(Spec("  - {kind: popularity}", evaluation), "recommend.yaml"));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void ARecommendationSpecOnATextDatasetSaysWhichDatasetsFit()
    {
        var spec = SpecLoader.Parse("""
            name: wrong
            task: recommendation
            dataset: {name: "synthetic:reviews"}
            candidates: [{kind: popularity}]
            """, "wrong.yaml");
        var error = Assert.Throws<ArgumentException>(() => MarketLab.Experiments.Runs.Data.RunData.Prepare(spec, DatasetCatalog.Default, _dir));
        Assert.Contains("taobao_sequences", error.Message);
    }
}
