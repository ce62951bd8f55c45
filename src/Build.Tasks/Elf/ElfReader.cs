using System.Buffers.Binary;
using System.Text;

namespace MarketLab.Build.Tasks.Elf;

/// <summary>
/// Reads the symbol-versioning sections of a 64-bit little-endian ELF file (the only kind libtorch ships
/// for linux-x64). Layouts follow elf.h: Elf64_Ehdr, Elf64_Shdr, Elf64_Verneed/Vernaux, Elf64_Verdef/Verdaux.
/// </summary>
public static class ElfReader
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>Every version a library requires from others (<c>.gnu.version_r</c>), in file order.</summary>
    public static IReadOnlyList<VersionNeed> ReadVersionNeeds(ReadOnlySpan<byte> elf, string name = "ELF file")
    {
        var result = new List<VersionNeed>();
        if (!TryFindSection(elf, ShtGnuVerneed, name, out Section needs, out Section strings))
        {
            return result;
        }

        long entry = needs.Offset;
        for (uint i = 0; i < needs.Info; i++)
        {
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            ushort count = U16(elf, entry + 2, name);
            string file = CString(elf, strings, U32(elf, entry + 4, name), name);
            long aux = entry + U32(elf, entry + 8, name);
            for (int j = 0; j < count; j++)
            {
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                ushort flags = U16(elf, aux + 4, name);
                string version = CString(elf, strings, U32(elf, aux + 8, name), name);
                result.Add(new VersionNeed(file, version, flags, aux + 4));
                uint nextAux = U32(elf, aux + 12, name);
                if (nextAux == 0) break;
                aux += nextAux;
            }

            uint next = U32(elf, entry + 12, name);
            if (next == 0) break;
            entry += next;
        }

        return result;
    }

    /// <summary>Every version name a library defines (<c>.gnu.version_d</c>), e.g. GLIBCXX_3.4.30 in libstdc++.</summary>
    public static IReadOnlyList<string> ReadVersionDefinitions(ReadOnlySpan<byte> elf, string name = "ELF file")
    {
        var result = new List<string>();
        if (!TryFindSection(elf, ShtGnuVerdef, name, out Section defs, out Section strings))
        {
            return result;
        }

        long entry = defs.Offset;
        for (uint i = 0; i < defs.Info; i++)
        {
            // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
            // The first Elf64_Verdaux (vda_name u32, vda_next u32) names the version itself; later ones name parents.
            long aux = entry + U32(elf, entry + 12, name);
            result.Add(CString(elf, strings, U32(elf, aux, name), name));
            uint next = U32(elf, entry + 16, name);
            if (next == 0) break;
            entry += next;
        }

        return result;
    }

    private readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

    private static bool TryFindSection(ReadOnlySpan<byte> elf, uint type, string name, out Section found, out Section linkedStrings)
    {
        CheckHeader(elf, name);
        long shoff = (long)U64(elf, 0x28, name);
        ushort shentsize = U16(elf, 0x3A, name);
        ushort shnum = U16(elf, 0x3C, name);
        if (shoff == 0 || shnum == 0)
        {
            throw new InvalidDataException($"{name}: no section headers (e_shoff={shoff}, e_shnum={shnum}); cannot read symbol versions.");
        }

        for (int i = 0; i < shnum; i++)
        {
            Section s = ReadSection(elf, shoff + (long)i * shentsize, name);
            if (s.Type == type)
            {
                found = s;
                linkedStrings = ReadSection(elf, shoff + (long)s.Link * shentsize, name);
                return true;
            }
        }

        found = linkedStrings = default;
        return false;
    }

    private static Section ReadSection(ReadOnlySpan<byte> elf, long at, string name) =>
        // Elf64_Shdr: sh_name u32, sh_type u32, sh_flags u64, sh_addr u64, sh_offset u64, sh_size u64, sh_link u32, sh_info u32, ...
        new(U32(elf, at + 4, name), (long)U64(elf, at + 24, name), (long)U64(elf, at + 32, name), U32(elf, at + 40, name), U32(elf, at + 44, name));

    private static void CheckHeader(ReadOnlySpan<byte> elf, string name)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException($"{name}: not an ELF file (missing the 0x7F 'ELF' magic or shorter than 64 bytes).");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"{name}: ELF class {elf[4]} / data encoding {elf[5]}; only 64-bit little-endian (2 / 1) is supported.");
        }
    }

    private static string CString(ReadOnlySpan<byte> elf, Section strings, uint offset, string name)
    {
        long start = strings.Offset + offset;
        Check(elf, start, 1, name);
        int length = elf[(int)start..].IndexOf((byte)0);
        if (length < 0) throw new InvalidDataException($"{name}: unterminated string at offset {start}.");
        return Encoding.ASCII.GetString(elf.Slice((int)start, length));
    }

    private static ushort U16(ReadOnlySpan<byte> elf, long at, string name) { Check(elf, at, 2, name); return BinaryPrimitives.ReadUInt16LittleEndian(elf[(int)at..]); }

    private static uint U32(ReadOnlySpan<byte> elf, long at, string name) { Check(elf, at, 4, name); return BinaryPrimitives.ReadUInt32LittleEndian(elf[(int)at..]); }

    private static ulong U64(ReadOnlySpan<byte> elf, long at, string name) { Check(elf, at, 8, name); return BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)at..]); }

    private static void Check(ReadOnlySpan<byte> elf, long at, int size, string name)
    {
        if (at < 0 || at + size > elf.Length)
        {
            throw new InvalidDataException($"{name}: truncated or corrupt; a {size}-byte field at offset {at} lies outside the {elf.Length}-byte file.");
        }
    }
}
