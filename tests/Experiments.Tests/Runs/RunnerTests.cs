using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;

namespace MarketLab.Experiments.Tests.Runs;

public sealed class RunnerTests : IDisposable
{
    private const string UpliftSpec = """
        name: tiny-uplift
        task: uplift
        seed: 5
        dataset:
          name: synthetic:campaign?customers=3000&seed=5
          split: 0.4
        candidates:
          - {kind: t_learner, parameters: {trees: 10, leaves: 4}}
          - {kind: random}
          - {kind: x_learner, parameters: {trees: 10, leaves: 4}}
          - {kind: s_learner, parameters: {trees: 10, leaves: 4}}
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "marketlab-runs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private (RunStore Store, RunOptions Options) Open(string name) =>
        (RunStore.Open(Path.Combine(_dir, name, "runs.db")), new RunOptions { ArtifactsRoot = Path.Combine(_dir, name) });

    [Fact]
    public async Task SameSpecAndSeedGiveIdenticalMetricsJson()
    {
        var spec = SpecLoader.Parse(UpliftSpec, "tiny.yaml");
        var (storeA, optionsA) = Open("a");
        var (storeB, optionsB) = Open("b");
        using (storeA)
        using (storeB)
        {
            var a = await new ExperimentRunner(storeA).RunAsync(spec, optionsA);
            var b = await new ExperimentRunner(storeB).RunAsync(spec, optionsB);
            Assert.Equal(RunStatus.Completed, a.Run.Status);
            Assert.NotEqual(a.Run.Id, b.Run.Id);
            Assert.Equal(File.ReadAllText(a.MetricsPath), File.ReadAllText(b.MetricsPath));
            Assert.Contains("\"pehe\"", File.ReadAllText(a.MetricsPath));
        }
    }

    [Fact]
    public async Task InterruptedRunResumesWithoutRerunningFinishedCandidates()
    {
        var spec = SpecLoader.Parse(UpliftSpec, "tiny.yaml");
        var (reference, referenceOptions) = Open("reference");
        RunResult uninterrupted;
        using (reference) uninterrupted = await new ExperimentRunner(reference).RunAsync(spec, referenceOptions);

        var (store, options) = Open("crash");
        using (store)
        {
            // Simulates kill -9 after two candidates: the run stops between candidates without finishing.
            using var crash = new CancellationTokenSource();
            var observer = new StopAfter(2, crash);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ExperimentRunner(store).RunAsync(spec, options, observer, crash.Token));
            var interrupted = Assert.Single(store.ListRuns());
            Assert.Equal(RunStatus.Running, interrupted.Status);
            Assert.Equal(2, store.Candidates(interrupted.Id).Count);

            var resumed = await new ExperimentRunner(store).RunAsync(spec, options);
            Assert.Equal(interrupted.Id, resumed.Run.Id);
            Assert.Equal(["x_learner", "s_learner"], resumed.Executed);
            Assert.Equal(RunStatus.Completed, resumed.Run.Status);
            Assert.Equal(File.ReadAllText(uninterrupted.MetricsPath), File.ReadAllText(resumed.MetricsPath));
        }
    }

    [Fact]
    public async Task FailedCandidateIsRetriedAloneOnTheNextRun()
    {
        string text = UpliftSpec.Replace("  - {kind: random}", "  - {kind: random}\n  - {kind: flaky}");
        var spec = SpecLoader.Parse(text, "flaky.yaml");
        var flaky = new FlakyCandidate();
        var registry = CandidateRegistry.CreateDefault().Add(flaky);
        var (store, options) = Open("flaky");
        using (store)
        {
            var first = await new ExperimentRunner(store, registry).RunAsync(spec, options);
            Assert.Equal(RunStatus.Failed, first.Run.Status);
            Assert.Contains("flaky failure", first.Candidates.Single(c => c.Name == "flaky").Error);

            var second = await new ExperimentRunner(store, registry).RunAsync(spec, options);
            Assert.Equal(first.Run.Id, second.Run.Id);
            Assert.Equal(["flaky"], second.Executed);
            Assert.Equal(RunStatus.Completed, second.Run.Status);
            Assert.Equal(2, flaky.Calls);

            var third = await new ExperimentRunner(store, registry).RunAsync(spec, options);
            Assert.NotEqual(first.Run.Id, third.Run.Id); // a completed run is not resumed: the spec runs afresh
        }
    }

    [Fact]
    public async Task ResumeIsOffWhenAsked()
    {
        var spec = SpecLoader.Parse(UpliftSpec.Replace("customers=3000", "customers=1500"), "tiny.yaml");
        var (store, options) = Open("fresh");
        using (store)
        {
            using var crash = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ExperimentRunner(store).RunAsync(spec, options, new StopAfter(1, crash), crash.Token));
            var fresh = await new ExperimentRunner(store).RunAsync(spec, options with { Resume = false });
            Assert.Equal(4, fresh.Executed.Count);
            Assert.Equal(2, store.ListRuns().Count);
        }
    }

    [Fact]
    public void RunStoreKeepsEnvironmentAndSpec()
    {
        var (store, _) = Open("env");
        using (store)
        {
            var run = new RunRecord("r1", "n", null, "task: uplift", "abc", null,
                new SortedDictionary<string, string> { ["x"] = "1" }, new SortedDictionary<string, string> { ["cores"] = "2" }, 3,
                DateTimeOffset.UnixEpoch, null, RunStatus.Running);
            store.AddRun(run);
            var back = store.FindRun("r")!;
            Assert.Equal(("task: uplift", "1", "2", 3), (back.SpecText, back.Packages["x"], back.Hardware["cores"], back.Seed));
            Assert.Equal(run.Id, store.FindResumable("abc")!.Id);
        }
    }

    private sealed class StopAfter(int count, CancellationTokenSource source) : IRunObserver
    {
        private int _finished;
        public void RunStarted(string runId, int candidates, int alreadyDone, bool resumed) { }
        public void CandidateStarted(CandidateSpec candidate, int index) { }
        public void CandidateFinished(CandidateSpec candidate, int index, CandidateStatus status, bool skipped, string? error)
        {
            if (++_finished == count) source.Cancel();
        }
    }

    private sealed class FlakyCandidate : ICandidateRunner
    {
        public int Calls { get; private set; }
        public string Kind => "flaky";
        public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.Uplift];
        public IReadOnlyCollection<string> Parameters => [];

        public Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
        {
            if (++Calls == 1) throw new InvalidOperationException("flaky failure");
            var outcome = new CandidateOutcome();
            outcome.Metrics["calls"] = 1;
            return Task.FromResult(outcome);
        }
    }
}
