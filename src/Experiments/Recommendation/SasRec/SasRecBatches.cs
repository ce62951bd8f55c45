using MarketLab.Experiments.Data.Sequences;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>
/// Training examples as in the reference code's sampler: for a training sequence s₁..s_n the input is s₁..s_{n−1} and
/// the target at each position the next item s₂..s_n, both cut to the last L and left-padded with 0; each target gets
/// one negative drawn uniformly from the known items the user never had (Kang &amp; McAuley 2018, eq. 6).
/// </summary>
internal static class SasRecBatches
{
    /// <summary>Left-pads the last <c>row.Length</c> ids of <paramref name="history"/> into <paramref name="row"/>.</summary>
    public static void FillInput(ReadOnlySpan<int> history, Span<long> row)
    {
        row.Clear();
        int take = Math.Min(history.Length, row.Length);
        for (int i = 0; i < take; i++) row[row.Length - take + i] = history[history.Length - take + i];
    }

    /// <summary>
    /// Fills side ids [batch × length] at the input positions of <see cref="Fill"/>: the side id of the event whose item
    /// is the input there (position t's input is event t − 1). Draws nothing, so the random stream is that of the plain model.
    /// </summary>
    public static void FillSide(IReadOnlyList<int[]> users, IReadOnlyList<int[]> side, int length, long[] output)
    {
        Array.Clear(output);
        for (int b = 0; b < users.Count; b++)
        {
            int n = users[b].Length, targets = Math.Min(n - 1, length);
            for (int k = 0; k < targets; k++) output[b * length + length - targets + k] = side[b][n - targets + k - 1];
        }
    }

    /// <summary>Fills input, positive and negative ids [batch × length] for the users <paramref name="users"/>.</summary>
    public static void Fill(IReadOnlyList<int[]> users, IReadOnlyList<HashSet<int>> seen, int itemCount, int length, Random random,
        long[] input, long[] positive, long[] negative)
    {
        if (itemCount < 2) throw new ArgumentException($"SASRec needs at least 2 known items to draw negatives; the vocabulary has {itemCount}.", nameof(itemCount));
        Array.Clear(input);
        Array.Clear(positive);
        Array.Clear(negative);
        for (int b = 0; b < users.Count; b++)
        {
            int[] s = users[b];
            int targets = Math.Min(s.Length - 1, length);
            // A user who has had every item (possible with a few behaviour types) gets any other item as negative.
            bool all = seen[b].Count(i => i >= 1 && i <= itemCount) >= itemCount;
            for (int k = 0; k < targets; k++)
            {
                int at = b * length + length - targets + k;
                int t = s.Length - targets + k;         // target index; its input is t - 1
                input[at] = s[t - 1];
                positive[at] = s[t];
                int neg;
                do neg = random.Next(1, itemCount + 1);
                while (all ? neg == s[t] : seen[b].Contains(neg));
                negative[at] = neg;
            }
        }
    }
}
