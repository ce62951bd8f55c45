using MarketLab.Experiments.Runs;
using MarketLab.Experiments.Runs.Store;
using Spectre.Console;

namespace MarketLab.Cli.Runs;

/// <summary>Reports run progress: a Spectre progress bar per candidate on a terminal, one line per candidate otherwise.</summary>
internal sealed class ConsoleRunObserver(IAnsiConsole console, ProgressContext? progress) : IRunObserver
{
    private readonly Dictionary<int, ProgressTask> _tasks = [];
    private readonly Dictionary<int, DateTime> _started = [];
    private readonly Dictionary<int, (string Stage, int Tenth)> _printed = [];

    public void RunStarted(string runId, int candidates, int alreadyDone, bool resumed) =>
        console.MarkupLine(resumed
            ? $"Resuming run [bold]{Markup.Escape(runId)}[/]: {alreadyDone} of {candidates} candidates already finished."
            : $"Run [bold]{Markup.Escape(runId)}[/]: {candidates} candidates.");

    public void CandidateStarted(CandidateSpec candidate, int index)
    {
        _started[index] = DateTime.UtcNow;
        if (progress is not null) _tasks[index] = progress.AddTask(Markup.Escape($"{candidate.Name} ({candidate.Kind})"), maxValue: 1).IsIndeterminate();
    }

    /// <summary>
    /// On a terminal the candidate's bar shows the stage and its share; in a log one line per tenth of each stage, so a
    /// 30-minute pre-training inside a CI run is visibly alive without flooding the log.
    /// </summary>
    public void CandidateProgress(CandidateSpec candidate, int index, CandidateProgress report)
    {
        string stage = report.Stage.Split(' ', 2)[0];
        double fraction = Math.Clamp(report.Fraction, 0, 1);
        int tenth = (int)Math.Floor(fraction * 10);
        if (_tasks.TryGetValue(index, out var task))
        {
            task.Description = Markup.Escape($"{candidate.Name}: {report.Stage}");
            task.IsIndeterminate(false).Value = fraction;
        }
        else if (!_printed.TryGetValue(index, out var last) || last.Stage != stage || tenth > last.Tenth)
        {
            _printed[index] = (stage, tenth);
            console.MarkupLine($"    [grey]{Markup.Escape(candidate.Name)}: {Markup.Escape(report.Stage)}[/]");
        }
    }

    public void CandidateFinished(CandidateSpec candidate, int index, CandidateStatus status, bool skipped, string? error)
    {
        if (_tasks.TryGetValue(index, out var task)) task.IsIndeterminate(false).Increment(1);
        string name = Markup.Escape(candidate.Name);
        if (skipped) console.MarkupLine($"  [grey]- {name}: already in the store, not re-run[/]");
        else if (status == CandidateStatus.Completed)
            console.MarkupLine($"  [green]✓[/] {name} ({(DateTime.UtcNow - _started[index]).TotalSeconds:F1} s)");
        else console.MarkupLine($"  [red]✗ {name}: {Markup.Escape(error ?? "failed")}[/]");
    }
}
