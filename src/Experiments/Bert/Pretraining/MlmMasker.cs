using MarketLab.Experiments.Bert.Tokenization;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>
/// BERT's masking (Devlin et al. 2019, section 3.1 and appendix A.1): select 15% of the real tokens; replace 80% of
/// those by [MASK], 10% by a random token and keep 10%. Special tokens ([CLS], [SEP], [PAD], any "[...]" entry) and
/// padding are never selected. With whole-word masking (Google's 2019 BERT release), WordPiece continuations ("##ing")
/// are selected together with the piece that starts their word; the 80/10/10 choice is still made per token, as in
/// transformers' DataCollatorForWholeWordMask. Random replacements are drawn from the non-special vocabulary.
/// </summary>
public sealed class MlmMasker
{
    private readonly bool[] special;
    private readonly bool[] continuation;
    private readonly int[] replacements;

    public MlmMasker(IReadOnlyList<string> vocabulary, int maskId, double probability = 0.15, bool wholeWord = false)
    {
        if (probability is <= 0 or >= 1 || double.IsNaN(probability)) throw new ArgumentOutOfRangeException(nameof(probability), probability, $"probability must be in (0, 1); got {probability}.");
        if (maskId < 0 || maskId >= vocabulary.Count) throw new ArgumentOutOfRangeException(nameof(maskId), maskId, $"maskId must index the vocabulary (0..{vocabulary.Count - 1}).");
        special = vocabulary.Select(t => t.StartsWith('[') && t.EndsWith(']')).ToArray();
        continuation = vocabulary.Select(t => t.StartsWith("##", StringComparison.Ordinal)).ToArray();
        replacements = Enumerable.Range(0, vocabulary.Count).Where(i => !special[i]).ToArray();
        if (replacements.Length == 0) throw new ArgumentException("The vocabulary has only special tokens.", nameof(vocabulary));
        MaskId = maskId;
        Probability = probability;
        WholeWord = wholeWord;
    }

    public int MaskId { get; }

    public double Probability { get; }

    public bool WholeWord { get; }

    /// <summary>A masker for <paramref name="tokenizer"/>'s vocabulary.</summary>
    public static MlmMasker For(BertTextTokenizer tokenizer, double probability = 0.15, bool wholeWord = false) =>
        new(tokenizer.Vocabulary.ToArray(), tokenizer.MaskId, probability, wholeWord);

    public bool IsSpecial(long id) => special[id];

    public bool IsContinuation(long id) => continuation[id];

    /// <summary>Corrupts <paramref name="batch"/>; at least one token per batch is selected so the loss is defined.</summary>
    public MaskedBatch Mask(BertBatch batch, Random random)
    {
        long[] ids = (long[])batch.InputIds.Clone();
        long[] labels = new long[ids.Length];
        Array.Fill(labels, MaskedBatch.Ignore);
        var selected = new bool[ids.Length];
        int count = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (!Eligible(batch, i)) continue;
            bool startsWord = !WholeWord || !continuation[ids[i]] || i % batch.SequenceLength == 0 || !Eligible(batch, i - 1);
            if (startsWord)
            {
                selected[i] = random.NextDouble() < Probability;
            }
            else
            {
                selected[i] = selected[i - 1]; // a "##" piece follows its word's first piece
            }

            if (selected[i]) count++;
        }

        if (count == 0)
        {
            int[] eligible = Enumerable.Range(0, ids.Length).Where(i => Eligible(batch, i)).ToArray();
            if (eligible.Length == 0) throw new ArgumentException("The batch has no maskable token (only special tokens and padding).", nameof(batch));
            selected[eligible[random.Next(eligible.Length)]] = true;
        }

        for (int i = 0; i < ids.Length; i++)
        {
            if (!selected[i]) continue;
            labels[i] = ids[i];
            double u = random.NextDouble();
            if (u < 0.8) ids[i] = MaskId;
            else if (u < 0.9) ids[i] = replacements[random.Next(replacements.Length)];
        }

        return new MaskedBatch(ids, labels);
    }

    private bool Eligible(BertBatch batch, int i) => batch.AttentionMask[i] != 0 && !special[batch.InputIds[i]];
}
