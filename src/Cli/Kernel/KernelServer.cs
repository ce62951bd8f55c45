using System.Reflection;
using System.Text.Json.Nodes;
using MarketLab.Experiments.Notebooks;
using NetMQ;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// The MarketLab C# Jupyter kernel. The main thread serves shell requests one at a time (an execute_request runs its
/// cell through the shared <see cref="CellExecutor"/>, the engine of <c>marketlab notebook run</c>); a control thread
/// answers interrupt, shutdown and kernel_info while a cell runs; a heartbeat thread echoes pings. Every request is
/// wrapped in busy/idle status messages on IOPub (jupyter_client 7 waits for an IOPub message after kernel_info).
/// </summary>
internal sealed class KernelServer(KernelSockets sockets, CellExecutor executor, TextWriter log, Task warmUp)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private volatile bool stopping;
    private readonly ExecuteHandler execute = new(sockets, executor, log);

    /// <summary>True once a shutdown_request asked for a restart (the client starts the new process).</summary>
    public bool Restart { get; private set; }

    public bool Stopping => stopping;

    /// <summary>The execute_request whose cell runs now, or null.</summary>
    public JupyterMessage? Running => execute.Running;

    /// <summary>Serves until a shutdown_request; returns the process exit code.</summary>
    public int Run()
    {
        var heartbeat = new Thread(ServeHeartbeat) { IsBackground = true, Name = "kernel heartbeat" };
        var control = new Thread(ServeControl) { IsBackground = true, Name = "kernel control" };
        heartbeat.Start();
        control.Start();
        WatchParent();
        sockets.PublishStatus("starting", null);
        while (!stopping)
        {
            if (sockets.Receive(sockets.Shell, "shell", Poll) is { } request)
                Handle(sockets.Shell, request);
        }
        control.Join(TimeSpan.FromSeconds(2));
        heartbeat.Join(TimeSpan.FromSeconds(2));
        return 0;
    }

    /// <summary>
    /// jupyter_client passes its pid in <c>JPY_PARENT_PID</c>: when that process is gone (a console killed with its
    /// terminal) the kernel stops instead of living on as an orphan, as ipykernel's parent poller does.
    /// </summary>
    private void WatchParent()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out int pid) || pid <= 1) return;
        new Thread(() =>
        {
            while (!stopping)
            {
                Thread.Sleep(1000);
                if (ParentAlive(pid)) continue;
                log.WriteLine($"marketlab kernel: parent process {pid} is gone; shutting down");
                executor.Interrupt();
                stopping = true;
            }
        }) { IsBackground = true, Name = "kernel parent watch" }.Start();
    }

    private static bool ParentAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void ServeHeartbeat()
    {
        while (!stopping)
        {
            if (sockets.Heartbeat.TryReceiveFrameBytes(Poll, out byte[]? ping))
                sockets.Heartbeat.SendFrame(ping);
        }
    }

    private void ServeControl()
    {
        while (!stopping)
        {
            if (sockets.Receive(sockets.Control, "control", Poll) is { } request)
                Handle(sockets.Control, request);
        }
    }

    private void Handle(NetMQSocket socket, JupyterMessage request)
    {
        string type = request.MsgType;
        if (!type.EndsWith("_request", StringComparison.Ordinal))
        {
            // comm_open / comm_msg / comm_close and other notices: no comms are registered here.
            log.WriteLine($"marketlab kernel: ignored {type}");
            return;
        }
        sockets.PublishStatus("busy", request);
        try
        {
            JsonObject? content = type switch
            {
                "kernel_info_request" => KernelInfo(),
                "execute_request" => Execute(request),
                "complete_request" => Complete(request),
                "inspect_request" => Inspect(request),
                "is_complete_request" => IsComplete(request),
                "comm_info_request" => new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() },
                "history_request" => new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() },
                "interrupt_request" => Interrupt(),
                "shutdown_request" => Shutdown(request),
                _ => null,
            };
            if (content is null)
                log.WriteLine($"marketlab kernel: unknown request {type} (not answered)");
            else
                sockets.Reply(socket, request, type.Replace("_request", "_reply", StringComparison.Ordinal), content);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.WriteLine($"marketlab kernel: {type} failed: {e}");
            sockets.Reply(socket, request, type.Replace("_request", "_reply", StringComparison.Ordinal), new JsonObject
            {
                ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
            });
        }
        finally
        {
            sockets.PublishStatus("idle", request);
        }
    }

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "marketlab",
        ["implementation_version"] = typeof(KernelServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = "MarketLab C# kernel (Roslyn scripting, the engine of marketlab notebook run)",
        ["help_links"] = new JsonArray(),
        ["debugger"] = false,
    };

    private JsonObject Execute(JupyterMessage request)
    {
        warmUp.GetAwaiter().GetResult();
        return execute.Execute(request, () => stopping);
    }

    private JsonObject Complete(JupyterMessage request)
    {
        string code = (string?)request.Content["code"] ?? "";
        int cursor = CodePoints.ToUtf16(code, (int?)request.Content["cursor_pos"] ?? code.Length);
        CellCompletions completions = executor.Complete(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray([.. completions.Matches.Select(m => (JsonNode)m)]),
            ["cursor_start"] = CodePoints.FromUtf16(code, completions.Start),
            ["cursor_end"] = CodePoints.FromUtf16(code, completions.End),
            ["metadata"] = new JsonObject(),
        };
    }

    private JsonObject Inspect(JupyterMessage request)
    {
        string code = (string?)request.Content["code"] ?? "";
        int cursor = CodePoints.ToUtf16(code, (int?)request.Content["cursor_pos"] ?? code.Length);
        string? text = executor.Inspect(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
            ["metadata"] = new JsonObject(),
        };
    }

    private static JsonObject IsComplete(JupyterMessage request)
    {
        CellCompleteness status = CellIntellisense.IsComplete((string?)request.Content["code"] ?? "");
        var reply = new JsonObject { ["status"] = status.ToString().ToLowerInvariant() };
        if (status == CellCompleteness.Incomplete) reply["indent"] = "    ";
        return reply;
    }

    private JsonObject Interrupt()
    {
        executor.Interrupt();
        return new JsonObject { ["status"] = "ok" };
    }

    private JsonObject Shutdown(JupyterMessage request)
    {
        Restart = (bool?)request.Content["restart"] ?? false;
        executor.Interrupt();
        stopping = true;
        return new JsonObject { ["status"] = "ok", ["restart"] = Restart };
    }
}
