using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Bert.Export;
using MarketLab.Experiments.Bert.Modeling;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Tests.Bert.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Tests.Bert.Export;

/// <summary>
/// Scoring an exported classifier in ML.NET (our tokenizer as a transform, then ApplyOnnxModel of
/// Microsoft.ML.OnnxTransformer over ONNX Runtime 1.31.1). Reference: TorchSharp's logits of the same model on the same
/// sentences (padded batch); the pipeline must agree within 1e-4, and after Save/Load it must score identically.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BertOnnxClassifierTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("marketlab-onnx-mlnet-").FullName;

    private sealed class Review
    {
        public string Review_Text { get; set; } = "";
    }

    [SharedDataFact("text/uci_sentiment_labelled/yelp_labelled.txt")]
    public void Pipeline_scores_real_sentences_like_torchsharp_and_after_save_and_load()
    {
        // 60 Yelp reviews (UCI Sentiment Labelled Sentences, Kotzias et al. 2015), the real uncased BERT vocabulary.
        string[] texts = File.ReadLines(SharedDatasets.Resolve("text/uci_sentiment_labelled/yelp_labelled.txt")).Take(60).Select(l => l.Split('\t')[0]).ToArray();
        BertTextTokenizer tokenizer = BertTextTokenizer.FromSharedVocab(64);
        var config = new BertConfig(VocabSize: 30522, HiddenSize: 32, NumHiddenLayers: 2, NumAttentionHeads: 4, IntermediateSize: 64, MaxPositionEmbeddings: 64, NumLabels: 2);
        Check(texts, tokenizer, config, ["negative", "positive"], expectedLongest: 20);
    }

    [LinuxFact]
    public void Pipeline_scores_multiclass_like_torchsharp_and_after_save_and_load()
    {
        string[] texts =
        [
            "great product , fast shipping", "bad", "the order was slow and the refund never came", "five stars",
            "i love the free gift card", "terrible quality would never buy again", "coupon", "!",
        ];
        Check(texts, TinyBert.Tokenizer(), TinyBert.Config with { NumAttentionHeads = 4, NumLabels = 4 }, ["a", "b", "c", "d"], expectedLongest: 8);
    }

    private void Check(string[] texts, BertTextTokenizer tokenizer, BertConfig config, string[] labels, int expectedLongest)
    {
        manual_seed(17);
        using var model = new BertForSequenceClassification(config);
        using (no_grad())
        {
            foreach ((string _, TorchSharp.Modules.Parameter p) in model.named_parameters()) p.uniform_(-0.5, 0.5);
        }

        model.eval();
        string onnxPath = Path.Combine(folder, "model.onnx");
        BertOnnxExporter.Export(model, labels, tokenizer, onnxPath);
        BertBatch batch = tokenizer.Pad(tokenizer.EncodeAll(texts));
        Assert.True(batch.SequenceLength >= expectedLongest && batch.AttentionMask.Contains(0L)); // mixed lengths, padding present
        float[] expected = ExportedClassifier.TorchLogits(model, batch);

        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(texts.Select(t => new Review { Review_Text = t }).ToArray());
        BertOnnxClassifier scorer = BertOnnxClassifier.Create(ml, onnxPath, textColumn: nameof(Review.Review_Text));
        (float[] logits, float[] probabilities, string[] predicted) = Score(scorer.Transform(data), labels.Length);

        double worst = ExportedClassifier.MaxAbsDifference(expected, logits);
        output.WriteLine($"{texts.Length} sentences, {labels.Length} labels: max |logit difference| ApplyOnnxModel vs TorchSharp = {worst:E2} (largest |logit| {expected.Max(Math.Abs):F2})");
        Assert.True(worst <= 1e-4, $"max |logit difference| = {worst:E2}");
        for (int row = 0; row < texts.Length; row++)
        {
            float[] p = probabilities[(row * labels.Length)..((row + 1) * labels.Length)];
            Assert.Equal(1.0, p.Sum(), 5);
            float[] z = expected[(row * labels.Length)..((row + 1) * labels.Length)];
            Assert.Equal(labels[Array.IndexOf(z, z.Max())], predicted[row]);
        }

        string saved = Path.Combine(folder, "pipeline.zip");
        scorer.Save(saved);
        BertOnnxClassifier reloaded = BertOnnxClassifier.Load(new MLContext(seed: 2), saved);
        (float[] logits2, float[] probabilities2, string[] predicted2) = Score(reloaded.Transform(data), labels.Length);
        Assert.Equal(logits, logits2);
        Assert.Equal(probabilities, probabilities2);
        Assert.Equal(predicted, predicted2);
        Assert.Equal(nameof(Review.Review_Text), reloaded.TextColumn);
    }

    private static (float[] Logits, float[] Probabilities, string[] Predicted) Score(IDataView scored, int labels)
    {
        float[][] logits = scored.GetColumn<float[]>(BertOnnxClassifier.LogitsColumn).ToArray();
        float[][] probabilities = scored.GetColumn<float[]>(BertOnnxClassifier.ProbabilitiesColumn).ToArray();
        Assert.All(logits, l => Assert.Equal(labels, l.Length));
        return (logits.SelectMany(l => l).ToArray(), probabilities.SelectMany(p => p).ToArray(),
            scored.GetColumn<string>(BertOnnxClassifier.PredictedLabelColumn).ToArray());
    }

    [Fact]
    public void Load_of_a_missing_or_foreign_file_names_it()
    {
        var ml = new MLContext();
        Assert.Contains("nope.zip", Assert.Throws<FileNotFoundException>(() => BertOnnxClassifier.Load(ml, Path.Combine(folder, "nope.zip"))).Message);
        string foreign = Path.Combine(folder, "foreign.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(foreign, System.IO.Compression.ZipArchiveMode.Create)) zip.CreateEntry("x.txt");
        Assert.Contains("was not written by BertOnnxClassifier.Save", Assert.Throws<InvalidDataException>(() => BertOnnxClassifier.Load(ml, foreign)).Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
