namespace MarketLab.Build.Tasks.Elf;

/// <summary>
/// One Elf64_Vernaux entry of a <c>.gnu.version_r</c> section: the library file that must provide
/// <see cref="Version"/>, the entry's <c>vna_flags</c>, and the byte offset of those flags in the file.
/// </summary>
public readonly record struct VersionNeed(string File, string Version, ushort Flags, long FlagsOffset)
{
    /// <summary>VER_FLG_WEAK (elf.h): a missing version is a warning for the dynamic loader, not an error.</summary>
    public const ushort WeakFlag = 0x2;

    public bool IsWeak => (Flags & WeakFlag) != 0;
}
