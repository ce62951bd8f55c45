using System.Buffers.Binary;

namespace MarketLab.Build.Tasks.Elf;

/// <summary>What <see cref="ElfVersionPatcher.MarkWeak(string, string)"/> did to a file.</summary>
public enum PatchOutcome
{
    /// <summary>The version was required and is now weak; the file was rewritten.</summary>
    Patched,

    /// <summary>The version was already weak; the file was left untouched (byte- and timestamp-identical).</summary>
    AlreadyWeak,

    /// <summary>The file does not require that version; the file was left untouched.</summary>
    NotRequired,
}

/// <summary>
/// Sets VER_FLG_WEAK on a required symbol version so the dynamic loader accepts an older library.
/// TorchSharp 0.107's libLibTorchSharp.so asks libstdc++ for GLIBCXX_3.4.32 (GCC 13) only for
/// <c>std::ios_base_library_init()</c>, which it never calls; Debian 12 stops at GLIBCXX_3.4.30.
/// </summary>
public static class ElfVersionPatcher
{
    /// <summary>Marks every need of <paramref name="version"/> weak in memory; returns how many entries changed.</summary>
    public static int MarkWeak(Span<byte> elf, string version, string name = "ELF file")
    {
        int changed = 0;
        foreach (VersionNeed need in ElfReader.ReadVersionNeeds(elf, name))
        {
            if (need.Version == version && !need.IsWeak)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(elf[(int)need.FlagsOffset..], (ushort)(need.Flags | VersionNeed.WeakFlag));
                changed++;
            }
        }

        return changed;
    }

    /// <summary>
    /// Marks <paramref name="version"/> weak in the file at <paramref name="path"/>. Idempotent. The new bytes go to a
    /// temporary file that then replaces the original, so a hard link (e.g. into the NuGet cache) is broken, never written through.
    /// </summary>
    public static PatchOutcome MarkWeak(string path, string version)
    {
        byte[] bytes = File.ReadAllBytes(path);
        IReadOnlyList<VersionNeed> needs = ElfReader.ReadVersionNeeds(bytes, path);
        if (!needs.Any(n => n.Version == version))
        {
            return PatchOutcome.NotRequired;
        }

        if (MarkWeak(bytes, version, path) == 0)
        {
            return PatchOutcome.AlreadyWeak;
        }

        string temp = path + ".patching";
        File.WriteAllBytes(temp, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        }

        File.Move(temp, path, overwrite: true);
        return PatchOutcome.Patched;
    }
}
