using System.Reflection;
using System.Runtime.InteropServices;
using MarketLab.Build.Tasks.Elf;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Bert;

/// <summary>The VER_FLG_WEAK patch of libLibTorchSharp.so, on copies of the unpatched file from the NuGet cache.</summary>
[Collection(TorchCollection.Name)]
public sealed class ElfVersionPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string directory = Directory.CreateTempSubdirectory("marketlab-elf-").FullName;

    private static string PackageFile => typeof(ElfVersionPatcherTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LibTorchSharpPackageFile").Value!;

    private string CopyOriginal()
    {
        Assert.True(File.Exists(PackageFile), $"{PackageFile} is missing: run `dotnet restore`.");
        string copy = Path.Combine(directory, "libLibTorchSharp.so");
        File.Copy(PackageFile, copy);
        return copy;
    }

    [LinuxFact]
    public void Original_requires_the_version_from_libstdcxx_without_the_weak_flag()
    {
        VersionNeed need = ElfReader.ReadVersionNeeds(File.ReadAllBytes(CopyOriginal())).Single(n => n.Version == Version);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
    }

    [LinuxFact]
    public void Patch_sets_the_weak_flag_on_that_entry_and_changes_nothing_else()
    {
        string path = CopyOriginal();
        byte[] before = File.ReadAllBytes(path);
        IReadOnlyList<VersionNeed> needsBefore = ElfReader.ReadVersionNeeds(before);

        Assert.Equal(PatchOutcome.Patched, ElfVersionPatcher.MarkWeak(path, Version));

        byte[] after = File.ReadAllBytes(path);
        IReadOnlyList<VersionNeed> needsAfter = ElfReader.ReadVersionNeeds(after);
        Assert.Equal(needsBefore.Count, needsAfter.Count);
        for (int i = 0; i < needsBefore.Count; i++)
        {
            ushort expected = needsBefore[i].Version == Version ? (ushort)(needsBefore[i].Flags | VersionNeed.WeakFlag) : needsBefore[i].Flags;
            Assert.Equal((needsBefore[i].File, needsBefore[i].Version, expected), (needsAfter[i].File, needsAfter[i].Version, needsAfter[i].Flags));
        }

        long flags = needsBefore.Single(n => n.Version == Version).FlagsOffset;
        int[] differing = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal([(int)flags], differing); // 0x0000 -> 0x0002: only the low byte of vna_flags changes.
    }

    [LinuxFact]
    public void Patching_twice_gives_the_same_bytes_and_leaves_the_file_alone()
    {
        string path = CopyOriginal();
        ElfVersionPatcher.MarkWeak(path, Version);
        byte[] once = File.ReadAllBytes(path);
        DateTime written = File.GetLastWriteTimeUtc(path);

        Assert.Equal(PatchOutcome.AlreadyWeak, ElfVersionPatcher.MarkWeak(path, Version));
        Assert.Equal(once, File.ReadAllBytes(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [LinuxFact]
    public void A_version_the_file_does_not_require_is_reported_and_not_written()
    {
        string path = CopyOriginal();
        Assert.Equal(PatchOutcome.NotRequired, ElfVersionPatcher.MarkWeak(path, "GLIBCXX_9.9.99"));
        Assert.Equal(File.ReadAllBytes(PackageFile), File.ReadAllBytes(path));
    }

    [LinuxFact]
    public void Patching_a_hard_link_replaces_it_and_leaves_the_other_name_untouched()
    {
        string original = CopyOriginal();
        string linked = Path.Combine(directory, "linked.so");
        Assert.Equal(0, Link(original, linked));

        ElfVersionPatcher.MarkWeak(linked, Version);

        Assert.False(ElfReader.ReadVersionNeeds(File.ReadAllBytes(original)).Single(n => n.Version == Version).IsWeak);
        Assert.True(ElfReader.ReadVersionNeeds(File.ReadAllBytes(linked)).Single(n => n.Version == Version).IsWeak);
    }

    [LinuxFact]
    public void A_file_that_is_not_elf_is_rejected_with_its_name()
    {
        string path = Path.Combine(directory, "not-elf.so");
        File.WriteAllText(path, "this is not an ELF file, but it is longer than sixty-four bytes in total.");
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkWeak(path, Version));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ELF file", error.Message);
    }

    [LinuxFact]
    public void The_copy_in_bin_is_weak_exactly_when_the_system_libstdcxx_lacks_the_version()
    {
        bool systemHasIt = ElfReader.ReadVersionDefinitions(File.ReadAllBytes(SystemLibstdcxx)).Contains(Version);
        string inBin = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        bool weak = ElfReader.ReadVersionNeeds(File.ReadAllBytes(inBin)).Single(n => n.Version == Version).IsWeak;
        Assert.Equal(!systemHasIt, weak);
    }

    [LinuxFact]
    public void The_system_libstdcxx_definitions_are_read()
    {
        IReadOnlyList<string> defined = ElfReader.ReadVersionDefinitions(File.ReadAllBytes(SystemLibstdcxx));
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }

    // Debian/Ubuntu x86-64 location; the build task also tries /lib/x86_64-linux-gnu, /usr/lib64 and /usr/lib.
    private const string SystemLibstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
