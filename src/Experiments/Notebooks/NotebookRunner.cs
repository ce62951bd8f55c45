using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Runs a notebook's C# code cells in order with Roslyn scripting, one submission per cell sharing one
/// <see cref="ScriptState"/> (the model of .NET Interactive's C# kernel). Per cell: stdout/stderr become
/// stream outputs, <c>display(x)</c> display_data, the last expression execute_result, a compile error
/// or exception an error output that stops the run. Console and the current directory are process-wide,
/// so one notebook runs at a time per process.
/// </summary>
public sealed class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Loads, runs with the notebook's folder as working directory, and returns the result.</summary>
    public Task<NotebookRunResult> RunFileAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        Notebook notebook = NotebookFile.Load(path);
        options = (options ?? new NotebookRunOptions()) with { WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
        return RunAsync(notebook, options, cancellationToken);
    }

    /// <summary>Runs a copy of <paramref name="notebook"/>; the caller's notebook is left unchanged.</summary>
    public async Task<NotebookRunResult> RunAsync(Notebook notebook, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        if (options.CellTimeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), t, "CellTimeout must be positive");
        Notebook run = notebook.Clone();
        NotebookParameters.Inject(run, options.Parameters);
        foreach (NotebookCell cell in run.Cells.Where(c => c.CellType == NotebookCellType.Code))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        string? previousDirectory = null;
        try
        {
            if (options.WorkingDirectory is { } directory)
            {
                previousDirectory = Directory.GetCurrentDirectory();
                Directory.SetCurrentDirectory(directory);
            }
            return await RunCellsAsync(run, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (previousDirectory is not null)
                Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
    }

    private static async Task<NotebookRunResult> RunCellsAsync(Notebook run, NotebookRunOptions options, CancellationToken cancellationToken)
    {
        ScriptOptions scriptOptions = ScriptEnvironment.Options(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var globals = new NotebookGlobals();
        ScriptState<object>? state = null;
        int executionCount = 0;
        for (int index = 0; index < run.Cells.Count; index++)
        {
            NotebookCell cell = run.Cells[index];
            if (cell.CellType != NotebookCellType.Code) continue;
            cell.ExecutionCount = ++executionCount;
            var sink = new CellOutputSink();
            CellOutcome outcome;
            CellSource.Prepared prepared = CellSource.Prepare(cell);
            if (prepared.Error is { } unsupported)
            {
                sink.Add(NotebookOutput.Error("NotSupportedException", unsupported, [unsupported]));
                outcome = new CellOutcome(NotebookRunStatus.Failed, unsupported, state);
            }
            else
            {
                string code = prepared.Code!;
                ScriptOptions cellOptions = scriptOptions.WithFilePath($"cell{executionCount}");
                outcome = await RunCellAsync(code, cellOptions, state, globals, sink, options.CellTimeout, cancellationToken).ConfigureAwait(false);
            }
            cell.Outputs.AddRange(sink.Snapshot());
            if (outcome.Status != NotebookRunStatus.Succeeded)
                return new NotebookRunResult(run, outcome.Status, index, $"cell {index + 1} (execution {executionCount}): {outcome.Message}");
            state = outcome.State;
            if (state?.ReturnValue is { } value)
                cell.Outputs.Add(NotebookOutput.Result(NotebookFormatter.Format(value), executionCount));
        }
        return new NotebookRunResult(run, NotebookRunStatus.Succeeded);
    }

    private sealed record CellOutcome(NotebookRunStatus Status, string? Message, ScriptState<object>? State);

    private static async Task<CellOutcome> RunCellAsync(
        string code, ScriptOptions scriptOptions, ScriptState<object>? state, NotebookGlobals globals,
        CellOutputSink sink, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var cellCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        globals.Sink = sink;
        globals.CancellationToken = cellCancellation.Token;
        TextWriter stdout = Console.Out, stderr = Console.Error;
        Console.SetOut(new CellStreamWriter(sink, "stdout"));
        Console.SetError(new CellStreamWriter(sink, "stderr"));
        try
        {
            // A cell runs synchronously until its first await, so it gets its own task for the timeout to bite.
            Task<ScriptState<object>> cellTask = Task.Run(() => state is null
                ? CSharpScript.Create(code, scriptOptions, typeof(NotebookGlobals)).RunAsync(globals, _ => true, CancellationToken.None)
                : state.ContinueWithAsync(code, scriptOptions, _ => true, CancellationToken.None), CancellationToken.None);
            Task finished = timeout is { } limit
                ? await Task.WhenAny(cellTask, Task.Delay(limit, cancellationToken)).ConfigureAwait(false)
                : await Task.WhenAny(cellTask, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            if (finished != cellTask)
            {
                await cellCancellation.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                string message = $"the cell ran longer than the {timeout!.Value.TotalSeconds:0.###} s timeout";
                sink.Add(NotebookOutput.Error("TimeoutException", message, [message]));
                return new CellOutcome(NotebookRunStatus.TimedOut, message, state);
            }
            ScriptState<object> next = await cellTask.ConfigureAwait(false);
            if (next.Exception is { } exception)
            {
                Exception inner = Unwrap(exception);
                sink.Add(NotebookOutput.Error(inner.GetType().Name, inner.Message, Traceback(inner)));
                return new CellOutcome(NotebookRunStatus.Failed, $"{inner.GetType().Name}: {inner.Message}", state);
            }
            return new CellOutcome(NotebookRunStatus.Succeeded, null, next);
        }
        catch (CompilationErrorException e)
        {
            var lines = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            sink.Add(NotebookOutput.Error("CompilationErrorException", string.Join("\n", lines), lines));
            return new CellOutcome(NotebookRunStatus.Failed, lines.FirstOrDefault() ?? e.Message, state);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            globals.Sink = null;
        }
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => e,
    };

    // The exception and its stack down to the first Roslyn scripting frame (the cell's own frames first).
    private static List<string> Traceback(Exception e) =>
        [.. e.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
            .TakeWhile(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal))];
}
