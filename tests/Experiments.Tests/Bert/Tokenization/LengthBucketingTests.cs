using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Bert.Tokenization;

namespace MarketLab.Experiments.Tests.Bert.Tokenization;

[Collection(TorchCollection.Name)]
public sealed class LengthBucketingTests
{
    private static readonly int[] Lengths = Enumerable.Range(0, 1000).Select(i => 3 + (i * 7919 % 120)).ToArray();

    [Fact]
    public void Every_row_appears_exactly_once()
    {
        IReadOnlyList<int[]> batches = LengthBucketing.Batches(Lengths, batchSize: 32, windowBatches: 4, seed: 1);
        Assert.Equal(Enumerable.Range(0, Lengths.Length), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 32));
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_another_seed_does_not()
    {
        var a = LengthBucketing.Batches(Lengths, 32, 4, seed: 42);
        var b = LengthBucketing.Batches(Lengths, 32, 4, seed: 42);
        var c = LengthBucketing.Batches(Lengths, 32, 4, seed: 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a.SelectMany(x => x), c.SelectMany(x => x));
    }

    [Fact]
    public void Bucketing_pads_far_fewer_tokens_than_random_batches()
    {
        static long Padded(IEnumerable<int[]> batches) => batches.Sum(b => (long)b.Length * b.Max(i => Lengths[i]));
        long bucketed = Padded(LengthBucketing.Batches(Lengths, 32, windowBatches: 8, seed: 0));
        long random = Padded(LengthBucketing.Batches(Lengths, 32, windowBatches: 1, seed: 0).Select(b => b)); // window of one batch = no sorting benefit
        long real = Lengths.Sum();
        Assert.True(bucketed - real < (random - real) / 2, $"padding: bucketed {bucketed - real} vs unsorted {random - real} tokens");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(8, 0)]
    public void Bad_sizes_are_rejected_with_the_value(int batchSize, int windowBatches)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LengthBucketing.Batches(Lengths, batchSize, windowBatches));
        Assert.Contains("got 0", error.Message);
    }
}
