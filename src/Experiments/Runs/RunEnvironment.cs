using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MarketLab.Experiments.Runs;

/// <summary>Where a run ran: git commit, versions of the libraries that shape results, and the hardware.</summary>
public static class RunEnvironment
{
    // Assemblies whose versions can change results or reports.
    private static readonly Type[] Anchors =
    [
        typeof(Microsoft.ML.MLContext), typeof(Evaluation.AbTesting.AbAnalysis), typeof(RunEnvironment),
        typeof(YamlDotNet.Serialization.Deserializer), typeof(ScottPlot.Plot), typeof(Microsoft.Data.Sqlite.SqliteConnection),
    ];

    /// <summary>Assembly name → informational version.</summary>
    public static SortedDictionary<string, string> Packages()
    {
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal) { [".NET"] = RuntimeInformation.FrameworkDescription };
        foreach (var type in Anchors)
        {
            var assembly = type.Assembly;
            string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
            packages[assembly.GetName().Name ?? type.Name] = version.Split('+')[0];
        }
        return packages;
    }

    /// <summary>OS, architecture, logical cores and memory.</summary>
    public static SortedDictionary<string, string> Hardware() => new(StringComparer.Ordinal)
    {
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
        ["logical_cores"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["memory_gib"] = (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>HEAD of the git checkout around <paramref name="folder"/> (with <c>-dirty</c> when there are local changes), or null.</summary>
    public static string? GitCommit(string? folder)
    {
        if (folder is null) return null;
        string? head = Git(folder, "rev-parse HEAD");
        if (head is null) return null;
        return string.IsNullOrEmpty(Git(folder, "status --porcelain --untracked-files=no")) ? head : head + "-dirty";
    }

    private static string? Git(string folder, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return null;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
