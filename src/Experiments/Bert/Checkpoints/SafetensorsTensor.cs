namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>One tensor of a safetensors file: element type, shape and raw little-endian bytes (row-major).</summary>
public sealed record SafetensorsTensor
{
    public SafetensorsTensor(SafetensorsDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"Shape dimensions must be non-negative; got [{string.Join(", ", shape)}].", nameof(shape));
        }

        long expected = ElementCount(shape) * dtype.Size();
        if (data.Length != expected)
        {
            throw new ArgumentException($"A {dtype} tensor of shape [{string.Join(", ", shape)}] needs {expected} bytes; got {data.Length}.", nameof(data));
        }

        DType = dtype;
        Shape = shape.ToArray();
        Data = data;
    }

    public SafetensorsDType DType { get; }

    public IReadOnlyList<long> Shape { get; }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            count = checked(count * d);
        }

        return count;
    }
}
