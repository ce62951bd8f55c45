namespace MarketLab.Experiments.Bert.Checkpoints;

/// <summary>What <see cref="StateDictLoader.LoadPartial"/> did besides copying.</summary>
/// <param name="Kept">Module tensors that kept their value (not taken, or not in the file).</param>
/// <param name="Ignored">File tensors (the file's own names) not copied on purpose: heads the module has no place for
/// (<c>cls.predictions.*</c>, ...), the <c>position_ids</c> buffer, tensors <c>take</c> declined.</param>
public sealed record PartialLoad(IReadOnlyList<string> Kept, IReadOnlyList<string> Ignored);
