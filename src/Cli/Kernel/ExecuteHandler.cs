using System.Text.Json.Nodes;
using MarketLab.Experiments.Notebooks;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// execute_request: echoes the code (execute_input), runs it through the shared <see cref="CellExecutor"/> while
/// its stdout/stderr and displays are published live, then publishes the execute_result or the one error message,
/// and returns the execute_reply content. <c>silent</c> publishes nothing and does not count; <c>store_history</c>
/// false does not count either. The count is that of the last counted execution.
/// </summary>
internal sealed class ExecuteHandler(KernelSockets sockets, CellExecutor executor, TextWriter log)
{
    private int executionCount;

    /// <summary>The request being executed (for the crash note of a cell that ends the process).</summary>
    public JupyterMessage? Running { get; private set; }

    public JsonObject Execute(JupyterMessage request, Func<bool> stopping)
    {
        string code = (string?)request.Content["code"] ?? "";
        bool silent = (bool?)request.Content["silent"] ?? false;
        bool storeHistory = !silent && ((bool?)request.Content["store_history"] ?? true);
        bool allowStdin = (bool?)request.Content["allow_stdin"] ?? false;
        if (storeHistory) executionCount++;
        int count = Math.Max(executionCount, 1);
        if (!silent)
            sockets.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        var listener = new Listener(sockets, request, silent, allowStdin, stopping);
        Running = request;
        CellResult result;
        try
        {
            result = executor.RunAsync(code, $"cell{count}", listener).GetAwaiter().GetResult();
        }
        finally
        {
            Running = null;
        }
        if (result.Succeeded)
        {
            if (!silent && result.Result is { } data)
                sockets.Publish("execute_result", new JsonObject { ["execution_count"] = count, ["data"] = Bundle(data), ["metadata"] = new JsonObject() }, request);
            return new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray(),
            };
        }
        NotebookOutput error = result.Error!;
        var traceback = new JsonArray([.. error.Traceback.Select(l => (JsonNode)l)]);
        if (!silent)
            sockets.Publish("error", new JsonObject { ["ename"] = error.Ename, ["evalue"] = error.Evalue, ["traceback"] = traceback.DeepClone() }, request);
        if (result.Status == NotebookRunStatus.Interrupted)
            log.WriteLine($"marketlab kernel: {result.Message}");
        return new JsonObject
        {
            ["status"] = "error", ["execution_count"] = count, ["ename"] = error.Ename, ["evalue"] = error.Evalue, ["traceback"] = traceback,
        };
    }

    private static JsonObject Bundle(IReadOnlyDictionary<string, string> data)
    {
        var json = new JsonObject();
        foreach (var (mime, text) in data) json[mime] = text;
        return json;
    }

    /// <summary>Publishes one cell's outputs as they happen, with the execute_request as parent.</summary>
    private sealed class Listener(KernelSockets sockets, JupyterMessage request, bool silent, bool allowStdin, Func<bool> stopping) : ICellOutputListener
    {
        public void OnStream(string name, string text)
        {
            if (!silent) sockets.Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, request);
        }

        public void OnDisplay(NotebookOutput output, string displayId, bool update)
        {
            if (silent) return;
            sockets.Publish(update ? "update_display_data" : "display_data", new JsonObject
            {
                ["data"] = output.Data.DeepClone(),
                ["metadata"] = new JsonObject(),
                ["transient"] = new JsonObject { ["display_id"] = displayId },
            }, request);
        }

        public string? ReadInput(string prompt, bool password) =>
            allowStdin ? sockets.RequestInput(request, prompt, password, () => stopping() || InterruptRequested) : null;

        // An interrupt while waiting for input ends the wait (the read returns end of input).
        private static bool InterruptRequested => CellInterruption.IsRequested;
    }
}
