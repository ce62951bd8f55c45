namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Runs a notebook's C# code cells in order through one <see cref="CellExecutor"/> (the engine the Jupyter kernel
/// uses too). Per cell: stdout/stderr become stream outputs, <c>display(x)</c> display_data, the last expression
/// execute_result, a compile error or exception an error output that stops the run. Console and the current
/// directory are process-wide, so one notebook runs at a time per process.
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
        var executor = new CellExecutor(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        // Roslyn's first compilation takes seconds; do it before the first cell's timeout starts counting, so a short
        // --timeout measures the cells themselves.
        await executor.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        int executionCount = 0;
        for (int index = 0; index < run.Cells.Count; index++)
        {
            NotebookCell cell = run.Cells[index];
            if (cell.CellType != NotebookCellType.Code) continue;
            cell.ExecutionCount = ++executionCount;
            DateTimeOffset started = DateTimeOffset.UtcNow;
            CellResult result = await executor.RunAsync(
                CellSource.Prepare(cell), $"cell{executionCount}", null, options.CellTimeout, cancellationToken).ConfigureAwait(false);
            RecordTiming(cell, started, DateTimeOffset.UtcNow);
            cell.Outputs.AddRange(result.Outputs);
            if (!result.Succeeded)
                return new NotebookRunResult(run, result.Status, index, $"cell {index + 1} (execution {executionCount}): {result.Message}");
            if (result.Result is { } value)
                cell.Outputs.Add(NotebookOutput.Result(value, executionCount));
        }
        return new NotebookRunResult(run, NotebookRunStatus.Succeeded);
    }

    /// <summary>
    /// Start and end of the cell in <c>metadata.execution</c>, the keys JupyterLab records
    /// (<c>iopub.execute_input</c>, <c>shell.execute_reply</c>), so per-cell run times can be read from the executed notebook.
    /// </summary>
    private static void RecordTiming(NotebookCell cell, DateTimeOffset started, DateTimeOffset finished) =>
        cell.Metadata["execution"] = new System.Text.Json.Nodes.JsonObject
        {
            ["iopub.execute_input"] = started.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["shell.execute_reply"] = finished.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
}
