using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MarketLab.Experiments.Models;

/// <summary>
/// Reads embedded manifest resources of a .NET assembly without loading it (ECMA-335 II.22.24 ManifestResource table;
/// II.24.2.4: each embedded resource is a 4-byte little-endian length then the bytes, at its offset within the CLI
/// header's Resources directory). Loading the DLL would run nothing, but would pin a 90 MB file in the process.
/// </summary>
public static class ManifestResources
{
    /// <summary>The names of the resources embedded in <paramref name="assemblyPath"/>.</summary>
    public static IReadOnlyList<string> Names(string assemblyPath)
    {
        using var pe = Open(assemblyPath, out MetadataReader metadata);
        return metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)).ToArray();
    }

    /// <summary>The bytes of each named resource; throws naming the DLL and the resources it does hold when one is absent.</summary>
    public static IReadOnlyDictionary<string, byte[]> Read(string assemblyPath, IReadOnlyCollection<string> names)
    {
        using PEReader pe = Open(assemblyPath, out MetadataReader metadata);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        DirectoryEntry directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        foreach (ManifestResourceHandle handle in metadata.ManifestResources)
        {
            ManifestResource resource = metadata.GetManifestResource(handle);
            string name = metadata.GetString(resource.Name);
            if (!names.Contains(name)) continue;
            if (!resource.Implementation.IsNil)
            {
                throw new InvalidDataException($"{assemblyPath}: resource '{name}' lives in another file or assembly, not embedded in this DLL.");
            }

            found[name] = ReadEmbedded(pe, directory, resource.Offset, assemblyPath, name);
        }

        string[] missing = names.Where(n => !found.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
        {
            string present = string.Join(", ", metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)));
            throw new InvalidDataException($"{assemblyPath}: manifest resource(s) {string.Join(", ", missing)} not found; it holds: {(present.Length > 0 ? present : "none")}.");
        }

        return found;
    }

    private static byte[] ReadEmbedded(PEReader pe, DirectoryEntry directory, long offset, string path, string name)
    {
        if (directory.Size == 0) throw new InvalidDataException($"{path}: resource '{name}' is listed but the DLL has no resources directory.");
        PEMemoryBlock block = pe.GetSectionData(directory.RelativeVirtualAddress);
        long available = Math.Min(block.Length, directory.Size);
        if (offset < 0 || offset + 4 > available)
        {
            throw new InvalidDataException($"{path}: resource '{name}' at offset {offset} lies outside the {available}-byte resources directory (truncated DLL?).");
        }

        BlobReader reader = block.GetReader((int)offset, (int)(available - offset));
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.RemainingBytes)
        {
            throw new InvalidDataException($"{path}: resource '{name}' claims {length} bytes but only {reader.RemainingBytes} follow it (truncated DLL?).");
        }

        return reader.ReadBytes(length);
    }

    private static PEReader Open(string path, out MetadataReader metadata)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Assembly not found: {path}.", path);
        var pe = new PEReader(File.OpenRead(path));
        try
        {
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null) throw new BadImageFormatException($"{path} is not a .NET assembly (no CLI header).", path);
            metadata = pe.GetMetadataReader();
            return pe;
        }
        catch (BadImageFormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            pe.Dispose();
            throw new BadImageFormatException($"{path} is not a readable .NET assembly ({e.Message}).", path, e);
        }
        catch
        {
            pe.Dispose();
            throw;
        }
    }
}
