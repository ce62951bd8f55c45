using System.Globalization;
using System.Text;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;

namespace MarketLab.Cluster.Tests;

/// <summary>
/// Sentence embeddings beside the n-grams travel with the search (<see cref="SearchJob.EmbeddingModel"/>): each silo
/// embeds the texts once before its first trial, and the cluster's leaderboard equals the single-process search's.
/// </summary>
public sealed class EmbeddingSearchTests
{
    private static readonly string Tiny = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-bert", "tiny");

    // Texts of 2-7 words of the tiny vocabulary; the label is whether w7 or w13 occurs, flipped for 10% of rows.
    private static string WriteTextCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("text,label\n");
        for (var i = 0; i < rows; i++)
        {
            string[] words = Enumerable.Range(0, random.Next(2, 8)).Select(_ => $"w{random.Next(0, 40)}").ToArray();
            bool label = (words.Contains("w7") || words.Contains("w13")) ^ (random.NextDouble() < 0.1);
            sb.Append(CultureInfo.InvariantCulture, $"{string.Join(' ', words)},{label}\n");
        }

        var path = ClusterTestData.TempPath(".csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task A_search_with_embeddings_beside_ngrams_on_2_silos_matches_the_single_process_leaderboard()
    {
        if (!OperatingSystem.IsLinux()) return; // TorchSharp's native libraries in this repository are Linux builds
        var data = WriteTextCsv(rows: 160, seed: 5);
        await using var cluster = await TestClusters.DeployAsync(2);
        var job = TestClusters.Job(data, trials: 4, parallel: 2) with
        {
            EmbeddingModel = Tiny, EmbeddingsWithNgrams = true, Trainers = [TrainerName.LbfgsLogisticRegression],
        };

        var status = await ClusterSearch.RunAsync(cluster.Client, job, poll: TimeSpan.FromMilliseconds(100));

        Assert.Equal(SearchState.Completed, status.State);
        var (frame, kinds) = CsvDataLoader.Load(data);
        var plan = TrialWorkbench.Prepare(job.ToWorkerOptions(), frame, kinds).Plan;
        Assert.True(plan.EmbeddingsWithNgrams && plan.HasText, "the text column should get n-grams and the embedding");
        var records = status.Trials.Select(t => t.ToRecord()).ToArray();
        Assert.Equal(4, records.Length);
        Assert.All(records, r => Assert.True(r.Status == Experiments.AutoML.Tuners.TrialStatus.Succeeded, r.Error));
        Assert.All(records, r => Assert.Contains(FeaturizerSearchSpace.WordNgrams, r.Parameters.ToString()));
        Assert.Equal(await TestClusters.ReferenceBoardAsync(job), TestClusters.Board(records, AutoMLMetric.Auc));
    }

    [Fact]
    public async Task A_group_column_travels_to_the_silos_and_they_split_as_one_process_does()
    {
        var random = new Random(9);
        var sb = new StringBuilder("customer,x1,x2,label\n");
        for (var i = 0; i < 200; i++)
        {
            double x1 = random.NextDouble() * 2 - 1, x2 = random.NextDouble() * 2 - 1;
            sb.Append(CultureInfo.InvariantCulture, $"c{i % 25},{x1:R},{x2:R},{x1 + 0.5 * x2 + random.NextDouble() - 0.5 > 0}\n");
        }

        var data = ClusterTestData.TempPath(".csv");
        File.WriteAllText(data, sb.ToString());
        await using var cluster = await TestClusters.DeployAsync(2);
        var job = TestClusters.Job(data, trials: 4, parallel: 2) with { ValidationGroups = "customer", Trainers = [TrainerName.LbfgsLogisticRegression] };

        var status = await ClusterSearch.RunAsync(cluster.Client, job, poll: TimeSpan.FromMilliseconds(100));

        Assert.Equal(SearchState.Completed, status.State);
        Assert.NotEqual(job.Fingerprint(), (job with { ValidationGroups = ValidationGroups.Auto }).Fingerprint());
        var (frame, kinds) = CsvDataLoader.Load(data);
        var workbench = TrialWorkbench.Prepare(job.ToWorkerOptions(), frame, kinds);
        Assert.StartsWith("Validation splits by 'customer'", workbench.ValidationGrouping);
        Assert.DoesNotContain(workbench.Plan.Features, f => f.Name == "customer");
        var records = status.Trials.Select(t => t.ToRecord()).ToArray();
        Assert.All(records, r => Assert.True(r.Status == Experiments.AutoML.Tuners.TrialStatus.Succeeded, r.Error));
        Assert.Equal(await TestClusters.ReferenceBoardAsync(job), TestClusters.Board(records, AutoMLMetric.Auc));
    }
}
