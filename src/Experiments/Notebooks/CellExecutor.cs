using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// The one C# cell engine, shared by <c>marketlab notebook run</c> (<see cref="NotebookRunner"/>) and the Jupyter
/// kernel: Roslyn scripting, one submission per cell on one shared <see cref="ScriptState"/> (state, <c>using</c>s,
/// <c>#r "nuget: ..."</c>, <c>#r "path.dll"</c>, <c>#!import</c>), outputs through a <see cref="CellOutputSink"/>,
/// per-cell timeouts and interrupts. Each cell runs on its own background thread with the sink as its console; a
/// cell that fails leaves the state of the earlier cells as it was. Console is process-wide: one executor runs
/// cells at a time per process.
/// </summary>
public sealed class CellExecutor
{
    /// <summary>How long an interrupted cell gets to reach a loop check before its thread is abandoned.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(2);

    private const int CellThreadStackSize = 16 * 1024 * 1024;

    private readonly CellContext context;
    private readonly Lock gate = new();
    private TaskCompletionSource? interrupt;

    /// <param name="baseDirectory"><c>#r</c>, <c>#load</c> and <c>#!import</c> paths resolve against it (default: the current directory).</param>
    public CellExecutor(string? baseDirectory = null)
    {
        context = new CellContext(baseDirectory ?? Directory.GetCurrentDirectory());
        ConsoleRouter.Install();
    }

    /// <summary>
    /// Roslyn's first compilation, emit and run (loading the compiler, binding ~200 references) take seconds: do them
    /// before the first cell, as the first submission of the cells' own chain (an expression whose value is dropped), so
    /// the first cell continues it and reuses its bound references instead of binding them again. Call it at most once,
    /// before any cell.
    /// </summary>
    public Task WarmUpAsync(CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        ScriptState<object> state = CSharpScript.Create("1 + 1", context.OptionsFor("warmup", context.BaseDirectory), typeof(NotebookGlobals))
            .RunAsync(context.Globals, cancellationToken).GetAwaiter().GetResult();
        context.State ??= state;
    }, cancellationToken);

    /// <summary>The compilation the next cell would extend (for completion and inspection).</summary>
    internal Script<object> Continue(string code) => context.State is { } state
        ? state.Script.ContinueWith(code, context.OptionsFor("cell", context.BaseDirectory))
        : CSharpScript.Create(code, context.OptionsFor("cell", context.BaseDirectory), typeof(NotebookGlobals));

    /// <summary>Runs a cell's source (Polyglot directives allowed); <paramref name="cellPath"/> names it in diagnostics.</summary>
    public Task<CellResult> RunAsync(string source, string cellPath = "cell", ICellOutputListener? listener = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(CellSource.Prepare(source), cellPath, listener, timeout, cancellationToken);

    /// <summary>Stops the running cell, if any: instrumented loops throw at their next iteration; a cell still running after <see cref="InterruptGrace"/> is abandoned.</summary>
    public void Interrupt()
    {
        lock (gate)
        {
            CellInterruption.Request();
            interrupt?.TrySetResult();
        }
    }

    internal async Task<CellResult> RunAsync(CellSource.Prepared prepared, string cellPath, ICellOutputListener? listener,
        TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "the cell timeout must be positive");
        var sink = new CellOutputSink(listener);
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            CellInterruption.Reset();
            interrupt = interrupted;
        }
        using var cellCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        NotebookGlobals globals = context.Globals;
        globals.Sink = sink;
        globals.CancellationToken = cellCancellation.Token;
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            ConsoleRouter.Current = sink;
            try
            {
                done.TrySetResult(CellSubmission.Execute(prepared, cellPath, context.BaseDirectory, context, cellCancellation.Token));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
            finally
            {
                ConsoleRouter.Current = null;
            }
        }, CellThreadStackSize) { IsBackground = true, Name = "marketlab notebook cell" };
        thread.Start();

        try
        {
            Task finished = await Task.WhenAny(done.Task, interrupted.Task, Task.Delay(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken)).ConfigureAwait(false);
            if (finished != done.Task)
            {
                // Loops stop at their next check; the token is cancelled for cells that poll it.
                CellInterruption.Request();
                await cellCancellation.CancelAsync().ConfigureAwait(false);
                if (finished == interrupted.Task)
                    await Task.WhenAny(done.Task, Task.Delay(InterruptGrace, CancellationToken.None)).ConfigureAwait(false);
                if (!done.Task.IsCompleted)
                    return Abandon(finished == interrupted.Task, sink, timeout, cancellationToken);
            }
            return await CompleteAsync(done.Task, sink).ConfigureAwait(false);
        }
        finally
        {
            lock (gate) interrupt = null;
            globals.Sink = null;
        }
    }

    /// <summary>The cell's thread still runs (a call that never reaches a loop check): its writes are dropped from now on.</summary>
    private static CellResult Abandon(bool interrupted, CellOutputSink sink, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            sink.Close();
            cancellationToken.ThrowIfCancellationRequested();
        }
        NotebookRunStatus status = interrupted ? NotebookRunStatus.Interrupted : NotebookRunStatus.TimedOut;
        string message = interrupted
            ? $"the cell was interrupted; it did not stop within {InterruptGrace.TotalSeconds:0.#} s and its thread was abandoned"
            : $"the cell ran longer than the {timeout!.Value.TotalSeconds:0.###} s timeout";
        string ename = interrupted ? nameof(CellInterruptedException) : nameof(TimeoutException);
        sink.Close(NotebookOutput.Error(ename, message, [$"{ename}: {message}"]));
        return new CellResult(status, message, sink.Snapshot(), null);
    }

    private static async Task<CellResult> CompleteAsync(Task<object?> done, CellOutputSink sink)
    {
        try
        {
            object? value = await done.ConfigureAwait(false);
            sink.Close();
            IReadOnlyDictionary<string, string>? result = value is null or DisplayHandle ? null : NotebookFormatter.Format(value);
            return new CellResult(NotebookRunStatus.Succeeded, null, sink.Snapshot(), result);
        }
        catch (CompilationErrorException e)
        {
            var lines = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            return Failed(sink, NotebookOutput.Error("CompilationErrorException", string.Join("\n", lines), lines), lines.FirstOrDefault() ?? e.Message);
        }
        catch (CellException e)
        {
            Exception inner = Unwrap(e.InnerException!);
            if (inner is CellInterruptedException)
            {
                sink.Close(NotebookOutput.Error(inner.GetType().Name, inner.Message, [$"{inner.GetType().Name}: {inner.Message}"]));
                return new CellResult(NotebookRunStatus.Interrupted, inner.Message, sink.Snapshot(), null);
            }
            return Failed(sink, NotebookOutput.Error(inner.GetType().Name, inner.Message, Traceback(inner)), $"{inner.GetType().Name}: {inner.Message}");
        }
        catch (Exception e) when (e is NotSupportedException or NugetRestoreException or IOException or InvalidOperationException or UnauthorizedAccessException or FormatException)
        {
            // The executor's own errors about the cell's directives: a one-line message, no executor stack.
            return Failed(sink, NotebookOutput.Error(e.GetType().Name, e.Message, [$"{e.GetType().Name}: {e.Message}"]), $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static CellResult Failed(CellOutputSink sink, NotebookOutput error, string message)
    {
        sink.Close(error);
        return new CellResult(NotebookRunStatus.Failed, message, sink.Snapshot(), null);
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
