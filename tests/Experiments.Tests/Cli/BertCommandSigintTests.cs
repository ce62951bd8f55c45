using System.Diagnostics;
using MarketLab.Experiments.Bert.Training;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Cli;

/// <summary>Ctrl+C on a real <c>marketlab bert train</c> process: exit 130, a resumable checkpoint, and a resuming second run.</summary>
[Collection(TorchCollection.Name)]
public sealed class BertCommandSigintTests
{
    [LinuxFact]
    public async Task Sigint_saves_a_resumable_checkpoint_and_the_next_run_resumes()
    {
        using var cli = new CliRunner();
        var rows = TinyBert.Sentiment(10).Select(t => $"{t.Text}\t{t.Label}");
        string data = cli.WriteFile("reviews.tsv", string.Join('\n', rows) + "\n");
        string output = cli.PathOf("model");
        string[] common = ["bert", "train", "--data", data, "--vocab", TinyBert.VocabPath, "--size", "tiny", "--batch-size", "4", "--threads", "1", "--out", output, "--seed", "5"];

        // Many epochs, so the run is still going when the signal comes after its first step line.
        (int exit, string stdout, string stderr) = await RunAsync([.. common, "--epochs", "100000"], interruptAfter: "step 1/");
        Assert.True(exit == 130, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("cancelled; stopped; the checkpoint in", stderr);
        Assert.True(TrainingCheckpoint.Exists(output), stderr);

        (exit, stdout, stderr) = await RunAsync([.. common, "--epochs", "1"], interruptAfter: null);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains($"Resuming from the checkpoint in {output}.", stdout);
        Assert.Contains("Test accuracy", stdout);
    }

    /// <summary>
    /// SIGINT, as Ctrl+C sends, unless this process ignores it: a job started in the background by a non-interactive
    /// shell (`cmd &amp;` in a script) inherits SIGINT as ignored, its children too, and .NET keeps it ignored as
    /// programs should. Then SIGTERM, which System.CommandLine turns into the same cancellation (checked by hand:
    /// both end in exit 130 and a resumable checkpoint).
    /// </summary>
    private static string StopSignal => SigintIgnored() ? "-TERM" : "-INT";

    private static bool SigintIgnored()
    {
        // /proc/self/status "SigIgn:" is a hex mask; signal n is bit n - 1 (SIGINT = 2).
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string? interruptAfter)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "marketlab"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = new System.Text.StringBuilder();
        var signalled = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (interruptAfter is not null && e.Data.Contains(interruptAfter, StringComparison.Ordinal)) signalled.TrySetResult();
        };
        process.BeginOutputReadLine();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            if (interruptAfter is not null)
            {
                await Task.WhenAny(signalled.Task, process.WaitForExitAsync(timeout.Token));
                if (!process.HasExited) Process.Start("kill", [StopSignal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"marketlab {string.Join(' ', args)} did not finish in 120 s:\n{stdout}");
        }

        string error = await stderr;
        lock (stdout) return (process.ExitCode, stdout.ToString(), error);
    }
}
