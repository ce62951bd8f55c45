using System.Diagnostics;

namespace MarketLab.Experiments;

/// <summary>
/// Runs <c>dotnet restore</c> on a generated project (a notebook's <c>#r "nuget: ..."</c> packages, a pretrained
/// model's package) with the SDK that runs this program, and says what failed. Shared by Notebooks and Models.
/// </summary>
internal static class DotnetRestore
{
    /// <summary>Null when the restore succeeded; else "exit N" and up to five error lines (the project path removed).</summary>
    /// <exception cref="InvalidOperationException">The dotnet host could not be started.</exception>
    public static string? Run(string projectPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
        };
        foreach (string argument in new[] { "restore", projectPath, "--nologo", "-v", "q" }) start.ArgumentList.Add(argument);
        // A host started by `dotnet test` / `dotnet run` passes MSBuild variables that would point the child at the wrong SDK parts.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{start.FileName}' ({e.Message}); is the .NET SDK on PATH?", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode == 0) return null;
            string output = stdout.GetAwaiter().GetResult() + "\n" + stderr.GetAwaiter().GetResult();
            var errors = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Replace(projectPath, "", StringComparison.Ordinal).TrimStart(':', ' ')).Distinct().Take(5).ToList();
            return $"dotnet restore exit {process.ExitCode}" + (errors.Count > 0 ? ": " + string.Join(" ", errors) : "");
        }
    }

    /// <summary>The dotnet host: the SDK's own (DOTNET_HOST_PATH), this process when it is dotnet, DOTNET_ROOT, then PATH.</summary>
    private static string DotnetExecutable()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe) return self;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, exe))) return Path.Combine(root, exe);
        return exe;
    }
}
