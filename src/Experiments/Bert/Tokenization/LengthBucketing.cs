namespace MarketLab.Experiments.Bert.Tokenization;

/// <summary>
/// Groups rows into batches of similar length so dynamic padding wastes little: shuffle all rows (seeded), cut the
/// order into windows of <c>batchSize * windowBatches</c> rows, sort each window by length, cut it into batches, then
/// shuffle the batch order (seeded). The window keeps randomness across epochs; the seed makes it reproducible.
/// </summary>
public static class LengthBucketing
{
    /// <summary>Batches of row indices (each a list of positions into <paramref name="lengths"/>).</summary>
    public static IReadOnlyList<int[]> Batches(IReadOnlyList<int> lengths, int batchSize, int windowBatches = 50, int seed = 0, bool shuffle = true)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be at least 1; got {batchSize}.");
        if (windowBatches < 1) throw new ArgumentOutOfRangeException(nameof(windowBatches), windowBatches, $"windowBatches must be at least 1; got {windowBatches}.");

        var random = new Random(seed);
        int[] order = Enumerable.Range(0, lengths.Count).ToArray();
        if (shuffle) random.Shuffle(order);

        int window = checked(batchSize * windowBatches);
        var batches = new List<int[]>();
        for (int start = 0; start < order.Length; start += window)
        {
            // OrderBy is stable: equal lengths keep their shuffled order.
            int[] sorted = order.Skip(start).Take(window).OrderBy(i => lengths[i]).ToArray();
            batches.AddRange(sorted.Chunk(batchSize));
        }

        if (shuffle)
        {
            int[][] array = batches.ToArray();
            random.Shuffle(array);
            return array;
        }

        return batches;
    }
}
