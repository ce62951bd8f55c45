using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>Converts between safetensors entries and TorchSharp tensors (byte copies; little-endian hosts only).</summary>
public static class SafetensorsTorch
{
    /// <summary>A new CPU tensor (then moved to <paramref name="device"/>) holding a copy of the entry's bytes.</summary>
    public static Tensor ToTorch(SafetensorsTensor entry, Device? device = null)
    {
        RequireLittleEndian();
        Tensor tensor = empty(entry.Shape.ToArray(), ScalarTypeOf(entry.DType), CPU);
        entry.Data.Span.CopyTo(tensor.bytes);
        return device is null || device.type == DeviceType.CPU ? tensor : MoveAndDispose(tensor, device);
    }

    /// <summary>A safetensors entry holding a copy of the tensor's values (moved to the CPU and made contiguous first).</summary>
    public static SafetensorsTensor FromTorch(Tensor tensor)
    {
        RequireLittleEndian();
        using Tensor cpu = tensor.detach().cpu().contiguous();
        return new SafetensorsTensor(DTypeOf(cpu.dtype), cpu.shape, cpu.bytes.ToArray());
    }

    /// <summary>Reads a safetensors file into a name -> tensor dictionary (the caller disposes the tensors).</summary>
    public static Dictionary<string, Tensor> LoadStateDict(string path, Device? device = null) =>
        SafetensorsFile.Read(path).Tensors.ToDictionary(kv => kv.Key, kv => ToTorch(kv.Value, device));

    /// <summary>Writes a module's state dict (parameters and persistent buffers, names as the module reports them).</summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(module.state_dict(), path, metadata);

    /// <summary>Writes tensors in name order.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = new Dictionary<string, SafetensorsTensor>();
        foreach ((string name, Tensor tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            entries[name] = FromTorch(tensor);
        }

        new SafetensorsFile(entries, metadata ?? new Dictionary<string, string> { ["format"] = "pt" }).Write(path);
    }

    /// <summary>The TorchSharp element type of a safetensors dtype.</summary>
    public static ScalarType ScalarTypeOf(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => ScalarType.Float64,
        SafetensorsDType.F32 => ScalarType.Float32,
        SafetensorsDType.F16 => ScalarType.Float16,
        SafetensorsDType.BF16 => ScalarType.BFloat16,
        SafetensorsDType.I64 => ScalarType.Int64,
        SafetensorsDType.I32 => ScalarType.Int32,
        SafetensorsDType.I16 => ScalarType.Int16,
        SafetensorsDType.I8 => ScalarType.Int8,
        SafetensorsDType.U8 => ScalarType.Byte,
        SafetensorsDType.BOOL => ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>The safetensors dtype of a TorchSharp element type; throws naming the type when it has none (e.g. complex).</summary>
    public static SafetensorsDType DTypeOf(ScalarType type) => type switch
    {
        ScalarType.Float64 => SafetensorsDType.F64,
        ScalarType.Float32 => SafetensorsDType.F32,
        ScalarType.Float16 => SafetensorsDType.F16,
        ScalarType.BFloat16 => SafetensorsDType.BF16,
        ScalarType.Int64 => SafetensorsDType.I64,
        ScalarType.Int32 => SafetensorsDType.I32,
        ScalarType.Int16 => SafetensorsDType.I16,
        ScalarType.Int8 => SafetensorsDType.I8,
        ScalarType.Byte => SafetensorsDType.U8,
        ScalarType.Bool => SafetensorsDType.BOOL,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Element type {type} has no safetensors dtype; supported: {string.Join(", ", Enum.GetNames<SafetensorsDType>())}."),
    };

    private static Tensor MoveAndDispose(Tensor cpu, Device device)
    {
        using (cpu)
        {
            return cpu.to(device);
        }
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors stores little-endian bytes; this reader copies them raw and needs a little-endian host.");
        }
    }
}
