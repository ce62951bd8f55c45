using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

public sealed class AutoMLExperimentTests
{
    private static readonly Lazy<(IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds)> Binary =
        new(() => AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300)));

    private static AutoMLExperimentOptions Options(int trials, string? store = null, TunerKind tuner = TunerKind.Smac) => new()
    {
        Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = tuner, MaxTrials = trials, Seed = 3,
        TimeBudget = TimeSpan.FromMinutes(2), StorePath = store, Folds = 0, // the holdout unless a test sets folds
        Trainers = [TrainerName.LightGbm, TrainerName.FastTree, TrainerName.LbfgsLogisticRegression],
    };

    private static Task<AutoMLResult> Run(AutoMLExperimentOptions options, CancellationToken token = default) =>
        new MLContext(0).Auto().CreateExperiment(options).RunAsync(Binary.Value.Data, null, token, Binary.Value.Kinds);

    private static string[] Board(AutoMLResult r) => r.Leaderboard.Select(t => $"{t.Id}:{t.Learner}:{t.Metric:R}").ToArray();

    [Fact]
    public async Task A_trial_that_throws_is_recorded_as_failed_and_the_search_goes_on()
    {
        var result = await Run(Options(4) with { BeforeTrial = (t, _) => { if (t.Id == 1) throw new InvalidOperationException("boom"); } });
        Assert.Equal(4, result.Trials.Count);
        var failed = Assert.Single(result.Trials, t => t.Status == TrialStatus.Failed);
        Assert.Equal(1, failed.Id);
        Assert.Contains("boom", failed.Error);
        Assert.Equal(3, result.Leaderboard.Count);
    }

    [Fact]
    public async Task Same_seed_and_one_worker_give_the_same_leaderboard()
    {
        var a = await Run(Options(4));
        var b = await Run(Options(4));
        Assert.Equal(Board(a), Board(b));
    }

    [Fact]
    public async Task A_crashed_run_resumes_from_the_store_without_rerunning_finished_trials()
    {
        var store = AutoMLTestData.TempPath(".db");
        try
        {
            // Crash simulation: the run is stopped while trial 3 trains, so the store holds 3 finished trials and one proposal.
            using var crash = new CancellationTokenSource();
            var first = await Run(Options(6, store) with { BeforeTrial = (t, _) => { if (t.Id == 3) { crash.Cancel(); Thread.Sleep(200); } } }, crash.Token);
            Assert.True(first.Cancelled);
            Assert.Equal(3, first.Trials.Count);

            var rerun = new List<int>();
            var resumed = await Run(Options(6, store) with { BeforeTrial = (t, _) => { lock (rerun) rerun.Add(t.Id); } });
            Assert.Equal([3, 4, 5], rerun);
            var uninterrupted = await Run(Options(6));
            Assert.Equal(Board(uninterrupted), Board(resumed));

            using var reopened = TrialStore.Open(store, StoreConfig(store));
            Assert.Equal(6, reopened.Trials().Count);
            Assert.Equal(Board(uninterrupted).Take(3), reopened.Leaderboard(AutoMLMetric.Auc, 3).Select(t => $"{t.Id}:{t.Learner}:{t.Metric:R}"));
        }
        finally { File.Delete(store); }
    }

    [Fact]
    public async Task A_resumed_trial_keeps_its_proposal_point_so_the_finished_store_replays()
    {
        // Regression (cluster check, a worker killed mid-search): trials proposed before the crash and re-run after it
        // had their proposal point rewritten with the later result count, and the final replay of the store then fed
        // the tuner more results before them than it had seen: "The run store does not replay".
        var store = AutoMLTestData.TempPath(".db");
        try
        {
            using var crash = new CancellationTokenSource();
            var first = await Run(Options(8, store) with { Workers = 2, BeforeTrial = (t, _) => { if (t.Id == 4) { crash.Cancel(); Thread.Sleep(200); } } }, crash.Token);
            Assert.True(first.Cancelled);
            IReadOnlyDictionary<int, int> before;
            using (var s = TrialStore.Open(store, StoreConfig(store))) before = s.Proposals();
            var unfinished = before.Keys.Except(first.Trials.Select(t => t.Id)).ToArray();
            Assert.NotEmpty(unfinished);

            var resumed = await Run(Options(8, store) with { Workers = 2 });
            Assert.Equal(8, resumed.Trials.Count);
            using (var s = TrialStore.Open(store, StoreConfig(store)))
            {
                var after = s.Proposals();
                foreach (int id in unfinished) Assert.Equal(before[id], after[id]);
            }

            var rerun = new List<int>();
            var replayed = await Run(Options(8, store) with { Workers = 2, BeforeTrial = (t, _) => { lock (rerun) rerun.Add(t.Id); } });
            Assert.Empty(rerun);
            Assert.Equal(Board(resumed), Board(replayed));
        }
        finally { File.Delete(store); }
    }

    [Fact]
    public async Task Cancellation_keeps_finished_trials_and_writes_no_partial_record()
    {
        var store = AutoMLTestData.TempPath(".db");
        try
        {
            using var cts = new CancellationTokenSource();
            var result = await Run(Options(10, store) with { BeforeTrial = (t, _) => { if (t.Id == 2) cts.Cancel(); } }, cts.Token);
            Assert.True(result.Cancelled);
            Assert.Equal(2, result.Trials.Count);
            using var reopened = TrialStore.Open(store, StoreConfig(store));
            var stored = reopened.Trials();
            Assert.Equal([0, 1], stored.Select(t => t.Id));
            Assert.All(stored, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
            Assert.All(stored, t => Assert.True(double.IsFinite(t.Metric) && t.FoldMetrics.Count == 1));
        }
        finally { File.Delete(store); }
    }

    [Fact]
    public async Task Parallel_workers_with_cross_validation_run_every_trial()
    {
        var result = await Run(Options(4, tuner: TunerKind.Cfo) with { Workers = 2, TotalThreads = 2, Folds = 3 });
        Assert.Equal(4, result.Trials.Count);
        Assert.All(result.Trials.Where(t => t.Status == TrialStatus.Succeeded), t => Assert.Equal(3, t.FoldMetrics.Count));
        Assert.NotNull(result.Best);
    }

    [Fact]
    public async Task A_short_search_beats_the_default_configuration_and_saves_the_best_model()
    {
        var experiment = new MLContext(0).Auto().CreateExperiment(Options(12, tuner: TunerKind.Cfo) with { Trainers = [TrainerName.LightGbm] });
        var result = await experiment.RunAsync(Binary.Value.Data, null, default, Binary.Value.Kinds);
        var defaults = result.Trials.Single(t => t.Id == 0); // CFO starts at the space's default (4 trees, 4 leaves)
        Assert.True(result.Best!.Metric > defaults.Metric, $"best {result.Best.Metric} vs default {defaults.Metric}");
        var directory = AutoMLTestData.TempPath("");
        try
        {
            var path = experiment.SaveBest(result.Best, directory);
            Assert.True(File.Exists(path));
            Assert.Contains("\"learner\": \"LightGbm\"", File.ReadAllText(Path.Combine(directory, "model.json")));
        }
        finally { Directory.Delete(directory, true); }
    }

    // The store refuses another configuration, so reopening it needs the config it was written with.
    private static string StoreConfig(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'config'";
        return (string)command.ExecuteScalar()!;
    }
}
