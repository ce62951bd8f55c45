using System.CommandLine;
using MarketLab.Experiments.Notebooks;
using NetMQ;

namespace MarketLab.Cli.Kernel;

/// <summary>
/// <c>marketlab kernel [--connection-file] F</c> runs the Jupyter kernel (exit 0 after shutdown_request, 2 for a bad
/// connection file or a port in use); <c>kernel install [--user | --prefix DIR] [--name NAME]</c>, <c>kernel list</c>
/// and <c>kernel uninstall [NAME]</c> manage its kernelspec.
/// </summary>
internal static class KernelCommand
{
    public const int InputError = 2;

    /// <summary>Set when the kernel served: cells may have left foreground threads, so <see cref="Program.Main"/> exits hard.</summary>
    public static bool HardExitRequested { get; private set; }

    private static readonly Argument<string?> File = new("connection-file") { Description = "The connection file Jupyter passes ({connection_file}).", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string?> FileOption = new("--connection-file", "-f") { Description = "The connection file Jupyter passes ({connection_file})." };
    private static readonly Option<bool> User = new("--user") { Description = "Install into the user's Jupyter data folder (the default)." };
    private static readonly Option<string?> Prefix = new("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels (e.g. a virtual environment)." };
    private static readonly Option<string> Name = new("--name") { Description = "Kernelspec name.", DefaultValueFactory = _ => KernelSpecs.DefaultName };

    public static Command Create()
    {
        var kernel = new Command("kernel", "Jupyter kernel for C# notebooks (the engine of 'notebook run'); install, list, uninstall its kernelspec.");
        kernel.Arguments.Add(File);
        kernel.Options.Add(FileOption);
        kernel.SetAction(parseResult => Serve(parseResult));

        var install = new Command("install", "Write the kernelspec (kernel.json, logos) that starts this marketlab.");
        foreach (Option option in new Option[] { User, Prefix, Name }) install.Options.Add(option);
        install.SetAction(parseResult => Guard(parseResult, "install", () =>
        {
            string directory = KernelSpecs.Install(KernelSpecs.KernelsDirectory(Resolve(parseResult)), parseResult.GetValue(Name)!);
            parseResult.InvocationConfiguration.Output.WriteLine($"Installed kernelspec {parseResult.GetValue(Name)} in {directory}");
        }));

        var list = new Command("list", "List the kernelspecs Jupyter finds (MarketLab's marked *).");
        list.SetAction(parseResult =>
        {
            foreach (var (name, directory, ours) in KernelSpecs.List())
                parseResult.InvocationConfiguration.Output.WriteLine($"{(ours ? "*" : " ")} {name,-24} {directory}");
            return 0;
        });

        var uninstall = new Command("uninstall", "Remove a kernelspec written by 'kernel install'.");
        var uninstallName = new Argument<string>("name") { Description = "Kernelspec name.", DefaultValueFactory = _ => KernelSpecs.DefaultName };
        uninstall.Arguments.Add(uninstallName);
        foreach (Option option in new Option[] { User, Prefix }) uninstall.Options.Add(option);
        uninstall.SetAction(parseResult => Guard(parseResult, "uninstall", () =>
        {
            string directory = KernelSpecs.Uninstall(KernelSpecs.KernelsDirectory(Resolve(parseResult)), parseResult.GetValue(uninstallName)!);
            parseResult.InvocationConfiguration.Output.WriteLine($"Removed {directory}");
        }));

        kernel.Subcommands.Add(install);
        kernel.Subcommands.Add(list);
        kernel.Subcommands.Add(uninstall);
        return kernel;
    }

    private static string? Resolve(ParseResult parseResult)
    {
        if (parseResult.GetValue(User) && parseResult.GetValue(Prefix) is not null)
            throw new ArgumentException("--user and --prefix exclude each other");
        return parseResult.GetValue(Prefix);
    }

    private static int Guard(ParseResult parseResult, string verb, Action action)
    {
        TextWriter error = parseResult.InvocationConfiguration.Error;
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"marketlab kernel {verb}: {e.Message}");
            return InputError;
        }
    }

    private static int Serve(ParseResult parseResult)
    {
        TextWriter error = parseResult.InvocationConfiguration.Error;
        string? path = parseResult.GetValue(FileOption) ?? parseResult.GetValue(File);
        if (path is null)
        {
            error.WriteLine("marketlab kernel: give the connection file (marketlab kernel --connection-file F); to install the kernelspec: marketlab kernel install");
            return InputError;
        }
        KernelSockets sockets;
        try
        {
            sockets = new KernelSockets(ConnectionInfo.Load(path), error);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            error.WriteLine($"marketlab kernel: {e.Message}");
            return InputError;
        }
        HardExitRequested = true;
        using (sockets)
        {
            var executor = new CellExecutor(Directory.GetCurrentDirectory());
            // Roslyn's first compilation (~1.5 s on 2 cores) overlaps the client's connection; the first cell waits for it.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Task warmUp = executor.WarmUpAsync().ContinueWith(
                t => error.WriteLine($"marketlab kernel: Roslyn warmed up in {clock.Elapsed.TotalSeconds:0.00} s{(t.IsFaulted ? $" (failed: {t.Exception!.GetBaseException().Message})" : "")}"),
                TaskScheduler.Default);
            var server = new KernelServer(sockets, executor, error, warmUp);
            ReportProcessEnd(sockets, server, error);
            int exit = server.Run();
            error.WriteLine($"marketlab kernel: shut down{(server.Restart ? " for a restart" : "")}");
            sockets.Dispose();
            NetMQConfig.Cleanup(block: false);
            return exit;
        }
    }

    /// <summary>
    /// A cell that calls Environment.Exit, or throws on a thread it started, ends the process (.NET cannot stop either):
    /// say so on IOPub for the running cell, so the client shows why the kernel died before it restarts it.
    /// </summary>
    private static void ReportProcessEnd(KernelSockets sockets, KernelServer server, TextWriter error)
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            Note(sockets, server, error, $"the kernel process ends: unhandled {e.ExceptionObject.GetType().Name} on a background thread: {(e.ExceptionObject as Exception)?.Message}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!server.Stopping)
                Note(sockets, server, error, "the kernel process ends: a cell called Environment.Exit (Jupyter restarts the kernel; state is lost)");
        };
    }

    private static void Note(KernelSockets sockets, KernelServer server, TextWriter error, string text)
    {
        error.WriteLine($"marketlab kernel: {text}");
        try
        {
            sockets.Publish("stream", new System.Text.Json.Nodes.JsonObject { ["name"] = "stderr", ["text"] = $"[{text}]\n" }, server.Running);
            Thread.Sleep(200); // let the PUB socket send before the process goes
        }
        catch (Exception e) when (e is NetMQException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }
}
