using MarketLab.Experiments.Tests.Bert.Support;
using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Bert.Tokenization;

namespace MarketLab.Experiments.Tests.Bert.Tokenization;

/// <summary>
/// On the real bert-base-uncased vocabulary in ../shared. Expected ids are that vocab's line numbers minus one
/// ([CLS] 101, [SEP] 102, hello 7592, world 2088, "," 1010, "!" 999, the 1996, quick 4248, brown 2829, fox 4419).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BertTextTokenizerTests
{
    private const string Vocab = SharedModels.BertBaseUncasedVocab;

    private static BertTextTokenizer Create(int maxLength = 128) => BertTextTokenizer.FromSharedVocab(maxLength);

    [SharedDataFact(Vocab)]
    public void A_single_text_is_lower_cased_and_wrapped_in_cls_and_sep()
    {
        TokenizedText t = Create().Encode("Hello, World!");
        Assert.Equal([101, 7592, 1010, 2088, 999, 102], t.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 0], t.TokenTypeIds);
    }

    [SharedDataFact(Vocab)]
    public void A_pair_gets_two_separators_and_segment_ids()
    {
        TokenizedText t = Create().EncodePair("hello world", "the quick brown fox");
        Assert.Equal([101, 7592, 2088, 102, 1996, 4248, 2829, 4419, 102], t.InputIds);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 1], t.TokenTypeIds);
    }

    [SharedDataFact(Vocab)]
    public void A_long_single_text_keeps_its_first_pieces()
    {
        TokenizedText t = Create(maxLength: 4).Encode("the quick brown fox");
        Assert.Equal([101, 1996, 4248, 102], t.InputIds);
    }

    [SharedDataFact(Vocab)]
    public void Pair_truncation_is_longest_first_and_trims_the_second_on_ties()
    {
        // a = 2 pieces, b = 4 pieces, budget 8 - 3 = 5: drop b's last piece -> 2 + 3.
        Assert.Equal([101, 7592, 2088, 102, 1996, 4248, 2829, 102], Create(8).EncodePair("hello world", "the quick brown fox").InputIds);

        // budget 7 - 3 = 4: b drops to 2, tie, the second loses again -> 2 + 2.
        Assert.Equal([101, 7592, 2088, 102, 1996, 4248, 102], Create(7).EncodePair("hello world", "the quick brown fox").InputIds);

        // budget 6 - 3 = 3, long text first: a 4 -> 3 -> 2, then the tie (2, 2) trims b -> (2, 1).
        Assert.Equal([101, 1996, 4248, 102, 7592, 102], Create(6).EncodePair("the quick brown fox", "hello world").InputIds);
    }

    [SharedDataFact(Vocab)]
    public void Padding_is_dynamic_with_pad_id_zero_and_an_attention_mask()
    {
        BertTextTokenizer tokenizer = Create();
        BertBatch batch = tokenizer.Pad([tokenizer.Encode("hello", row: 7), tokenizer.Encode("the quick brown fox", row: 3)]);

        Assert.Equal((2, 6), (batch.BatchSize, batch.SequenceLength));
        Assert.Equal([101L, 7592, 102, 0, 0, 0, 101, 1996, 4248, 2829, 4419, 102], batch.InputIds);
        Assert.Equal([1L, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1], batch.AttentionMask);
        Assert.Equal(new long[12], batch.TokenTypeIds);
        Assert.Equal([7, 3], batch.Rows);
    }

    [SharedDataFact(Vocab)]
    public void Empty_or_whitespace_text_names_its_row()
    {
        BertTextTokenizer tokenizer = Create();
        var error = Assert.Throws<ArgumentException>(() => tokenizer.EncodeAll(["fine", "also fine", "  \t "]));
        Assert.Contains("row 2", error.Message);
        Assert.Contains("row 5", Assert.Throws<ArgumentException>(() => tokenizer.EncodePair("ok", "", row: 5)).Message);
    }

    [Fact]
    public void A_missing_vocab_names_the_expected_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "vocab.txt");
        var error = Assert.Throws<FileNotFoundException>(() => BertTextTokenizer.FromVocab(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_missing_shared_file_names_the_expected_path_under_shared()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SharedModels.Require("models/no-such-model/vocab.txt"));
        Assert.Contains(Path.Combine("shared", "models", "no-such-model", "vocab.txt"), error.Message);
    }
}
