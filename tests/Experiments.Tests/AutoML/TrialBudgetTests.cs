using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Tuners;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>Per-trial timeout and memory cap: the offending trial is recorded as failed with the reason, and the search goes on.</summary>
public sealed class TrialBudgetTests
{
    private static readonly Lazy<(IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds)> Binary =
        new(() => AutoMLTestData.Load(AutoMLTestData.BinaryCsv(rows: 300)));

    // L-BFGS on 240 rows trains in well under a second, far inside every limit below.
    private static AutoMLExperimentOptions Options(int trials) => new()
    {
        Task = AutoMLTask.BinaryClassification, LabelColumn = "label", Tuner = TunerKind.Random, MaxTrials = trials, Seed = 5,
        TimeBudget = TimeSpan.FromMinutes(2), Trainers = [TrainerName.LbfgsLogisticRegression],
        Folds = 0, // one fit per trial: the timing checks below stay as loose as they were before five folds became the default
    };

    private static Task<AutoMLResult> Run(AutoMLExperimentOptions options) =>
        new MLContext(0).Auto().CreateExperiment(options).RunAsync(Binary.Value.Data, null, default, Binary.Value.Kinds);

    [Fact]
    public async Task A_trial_over_the_timeout_is_recorded_as_timed_out_and_the_search_goes_on()
    {
        // Trial 1 would run for 60 s; the 3 s timeout cancels it.
        var result = await Run(Options(4) with
        {
            TrialTimeout = TimeSpan.FromSeconds(3),
            BeforeTrial = (t, token) => { if (t.Id == 1) token.WaitHandle.WaitOne(TimeSpan.FromSeconds(60)); },
        });

        Assert.Equal([0, 1, 2, 3], result.Trials.Select(t => t.Id).Order());
        var timedOut = Assert.Single(result.Trials, t => t.Status == TrialStatus.Failed);
        Assert.Equal(1, timedOut.Id);
        Assert.Equal("timed out after 3 s", timedOut.Error);
        Assert.InRange(timedOut.DurationSeconds, 3, 30);
        Assert.Equal(3, result.Leaderboard.Count);
    }

    [Fact]
    public void The_timeout_interrupts_a_trainer_in_the_middle_of_fitting()
    {
        // 2,000 trees of 64 leaves run for many seconds (20,000 took 175 s here), and FastTree does not poll ML.NET's cancellation:
        // the trial must still end at the timeout (the fit is abandoned and finishes in the background).
        var options = Options(1) with { TrialTimeout = TimeSpan.FromSeconds(1), Trainers = [TrainerName.FastTree] };
        var data = InMemoryDataView.From(Binary.Value.Data);
        var plan = Featurizer.Plan(data, "label", AutoMLTask.BinaryClassification, Binary.Value.Kinds);
        var folds = FoldSplitter.Split(new string[data.RowCount], 0, 0.2, 0);
        var space = TrainerSearchSpaces.For(AutoMLTask.BinaryClassification, TrainerName.FastTree);
        var huge = new ParameterSet(space.Default.Select(p => p.Key switch
        {
            "NumberOfTrees" => new KeyValuePair<string, ParameterValue>(p.Key, ParameterValue.Int(2_000)),
            "NumberOfLeaves" => new KeyValuePair<string, ParameterValue>(p.Key, ParameterValue.Int(64)),
            "MinimumExampleCountPerLeaf" => new KeyValuePair<string, ParameterValue>(p.Key, ParameterValue.Int(2)),
            _ => p,
        }));

        var record = new TrialEvaluator(options, plan, data, folds).Run(new Trial(0, huge, nameof(TrainerName.FastTree)), CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal(TrialStatus.Failed, record.Status);
        Assert.Equal("timed out after 1 s", record.Error);
        Assert.InRange(record.DurationSeconds, 1, 1 + TrialEvaluator.StopGrace.TotalSeconds + 7); // slack for a loaded CI machine
    }

    [Fact]
    public async Task A_trial_over_the_memory_cap_is_stopped_and_recorded_and_the_search_goes_on()
    {
        // Trial 2 holds 512 MiB of managed memory; the cap sits 256 MiB above what the process uses now.
        var cap = GC.GetTotalMemory(forceFullCollection: true) + (256L << 20);
        var result = await Run(Options(4) with
        {
            MaxMemoryBytes = cap,
            BeforeTrial = (t, token) =>
            {
                if (t.Id != 2) return;
                var ballast = new byte[512 << 20];
                Array.Fill(ballast, (byte)1);
                token.WaitHandle.WaitOne(TimeSpan.FromSeconds(60));
                GC.KeepAlive(ballast);
            },
        });

        // Trial 3 may find the heap still over the cap while trial 2's abandoned work lets go of its memory, so only
        // the trials before the offender are required to succeed.
        Assert.Equal([0, 1, 2, 3], result.Trials.Select(t => t.Id).Order());
        Assert.All(result.Trials.Where(t => t.Id < 2), t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        var stopped = result.Trials.Single(t => t.Id == 2);
        Assert.Equal(TrialStatus.Failed, stopped.Status);
        Assert.StartsWith("memory cap exceeded: managed heap", stopped.Error);
        Assert.True(stopped.DurationSeconds < 30, $"stopped after {stopped.DurationSeconds} s");
    }
}
