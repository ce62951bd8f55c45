namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>Element types of the safetensors format (names as written in the JSON header, e.g. "F32").</summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    BOOL,
}

/// <summary>Sizes and header names of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.BOOL => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>Parses a header dtype string; null when it is not one this reader supports.</summary>
    public static SafetensorsDType? Parse(string text) =>
        Enum.TryParse(text, ignoreCase: false, out SafetensorsDType dtype) && Enum.IsDefined(dtype) && text == dtype.ToString() ? dtype : null;
}
