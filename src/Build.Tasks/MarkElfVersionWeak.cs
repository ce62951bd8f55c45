using MarketLab.Build.Tasks.Elf;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MarketLab.Build.Tasks;

/// <summary>
/// MSBuild task: when the system library (libstdc++ by default) does not define <see cref="Version"/>, marks that
/// version requirement weak in each of <see cref="Files"/> (copies in bin/ or publish/, never the NuGet cache).
/// Does nothing off Linux, when the system library is absent, or when it already defines the version.
/// </summary>
public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>The ELF files to patch; missing ones are skipped with a low-importance message.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>The required version to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string Version { get; set; } = "";

    /// <summary>Candidate paths of the system library that should define <see cref="Version"/>; the first that exists is read.</summary>
    public string[] SystemLibraries { get; set; } =
        ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6"];

    public override bool Execute()
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        string? system = SystemLibraries.FirstOrDefault(File.Exists);
        if (system is null)
        {
            Log.LogMessage(MessageImportance.Low, $"MarkElfVersionWeak: none of {string.Join(", ", SystemLibraries)} exists; nothing patched.");
            return true;
        }

        if (ElfReader.ReadVersionDefinitions(File.ReadAllBytes(system), system).Contains(Version))
        {
            Log.LogMessage(MessageImportance.Low, $"MarkElfVersionWeak: {system} defines {Version}; nothing to patch.");
            return true;
        }

        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path))
            {
                Log.LogMessage(MessageImportance.Low, $"MarkElfVersionWeak: {path} does not exist; skipped.");
                continue;
            }

            PatchOutcome outcome = ElfVersionPatcher.MarkWeak(path, Version);
            MessageImportance importance = outcome == PatchOutcome.Patched ? MessageImportance.Normal : MessageImportance.Low;
            Log.LogMessage(importance, $"MarkElfVersionWeak: {path}: {outcome} ({Version} missing from {system}).");
        }

        return !Log.HasLoggedErrors;
    }
}
