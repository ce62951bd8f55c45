using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Tests.Bert.Support;

namespace MarketLab.Experiments.Tests.Bert.Pretraining;

[Collection(TorchCollection.Name)]
public sealed class MlmMaskerTests
{
    private static readonly string[] Vocabulary = File.ReadAllLines(TinyBert.VocabPath);

    // A synthetic batch of 64 rows x 40 positions over the fixture vocabulary: [CLS] words [SEP] then padding.
    private static BertBatch Batch(int rows = 64, int length = 40, int seed = 1)
    {
        var random = new Random(seed);
        int[] words = Enumerable.Range(0, Vocabulary.Length).Where(i => !Vocabulary[i].StartsWith('[')).ToArray();
        var items = new List<TokenizedText>();
        for (int r = 0; r < rows; r++)
        {
            int n = random.Next(5, length - 1);
            var ids = new List<int> { 2 };
            ids.AddRange(Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
            ids.Add(3);
            items.Add(new TokenizedText(r, ids, new int[ids.Count]));
        }

        return TinyBert.Tokenizer().Pad(items);
    }

    [Fact]
    public void Selects_about_15_percent_and_splits_80_10_10()
    {
        BertBatch batch = Batch();
        var masker = new MlmMasker(Vocabulary, maskId: 4);
        MaskedBatch masked = masker.Mask(batch, new Random(42));
        int eligible = 0, selected = 0, toMask = 0, kept = 0, random = 0;
        for (int i = 0; i < batch.InputIds.Length; i++)
        {
            if (batch.AttentionMask[i] == 1 && !masker.IsSpecial(batch.InputIds[i])) eligible++;
            if (masked.Labels[i] == MaskedBatch.Ignore)
            {
                Assert.Equal(batch.InputIds[i], masked.InputIds[i]); // unselected tokens are untouched
                continue;
            }

            selected++;
            Assert.Equal(batch.InputIds[i], masked.Labels[i]);
            if (masked.InputIds[i] == 4) toMask++;
            else if (masked.InputIds[i] == batch.InputIds[i]) kept++;
            else random++;
        }

        // ~1,400 eligible tokens: binomial sd of the 15% share is ~1%, of the 80% share ~3%; tolerances ~3 sd.
        Assert.InRange((double)selected / eligible, 0.12, 0.18);
        Assert.InRange((double)toMask / selected, 0.72, 0.88);
        Assert.InRange((double)kept / selected, 0.05, 0.16);   // includes random draws that hit the same id (~1/80)
        Assert.InRange((double)random / selected, 0.04, 0.15);
    }

    [Fact]
    public void Never_selects_special_tokens_or_padding()
    {
        BertBatch batch = Batch();
        var masker = new MlmMasker(Vocabulary, maskId: 4, probability: 0.9);
        for (int seed = 0; seed < 5; seed++)
        {
            MaskedBatch masked = masker.Mask(batch, new Random(seed));
            for (int i = 0; i < batch.InputIds.Length; i++)
            {
                if (batch.AttentionMask[i] == 0 || masker.IsSpecial(batch.InputIds[i])) Assert.Equal(MaskedBatch.Ignore, masked.Labels[i]);
            }
        }
    }

    [Fact]
    public void Whole_word_masking_takes_continuations_with_their_word()
    {
        BertBatch batch = Batch(seed: 5);
        var masker = new MlmMasker(Vocabulary, maskId: 4, wholeWord: true);
        MaskedBatch masked = masker.Mask(batch, new Random(3));
        int continuations = 0;
        for (int i = 1; i < batch.InputIds.Length; i++)
        {
            if (batch.AttentionMask[i] == 0 || !masker.IsContinuation(batch.InputIds[i]) || masker.IsSpecial(batch.InputIds[i - 1])) continue;
            continuations++;
            Assert.Equal(masked.Labels[i - 1] != MaskedBatch.Ignore, masked.Labels[i] != MaskedBatch.Ignore);
        }

        Assert.True(continuations > 20, $"only {continuations} continuation pieces in the batch");
    }

    [Fact]
    public void Same_seed_gives_the_same_masks()
    {
        BertBatch batch = Batch();
        var masker = new MlmMasker(Vocabulary, maskId: 4);
        Assert.Equal(masker.Mask(batch, new Random(9)).InputIds, masker.Mask(batch, new Random(9)).InputIds);
    }
}
