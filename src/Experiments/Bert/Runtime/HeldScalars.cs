using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Runtime;

/// <summary>
/// Tensor arithmetic without TorchSharp's throw-away <see cref="Scalar"/>s. <c>a + b</c> is <c>a.add(b, 1)</c> in
/// TorchSharp: the <c>1</c> becomes a finalizable Scalar whose native handle is read before the native call, after
/// which nothing references it, so a garbage collection triggered by another thread during that call can finalize it
/// and free the native Scalar while libtorch reads it ("Expected false to be true ... toFloat" from <c>add</c>; see
/// <see cref="Training.BertAdamW"/>). The Scalars here are static and never collected; per-call constants are held
/// by the caller in a <c>using</c> local or a field.
/// </summary>
public static class HeldScalars
{
    /// <summary>The Scalar 1, alive for the whole process.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="left"/> + <paramref name="right"/> (broadcasting), with a held alpha.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);
}
