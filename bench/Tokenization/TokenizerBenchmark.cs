using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketLab.Experiments.Bert;
using MarketLab.Experiments.Bert.Tokenization;
using MarketLab.Experiments.Data;
using Microsoft.ML.Tokenizers;

namespace MarketLab.Bench.Tokenization;

/// <summary>
/// <c>dotnet run -c Release --project bench -- --tokenizer-speed</c>: WordPiece tokens per second of our tokenizer
/// (BERT's original rules) against Microsoft.ML.Tokenizers' BertTokenizer (lower-casing, its defaults otherwise) on the
/// same 100,000 SST-2 training phrases (the 67,349 phrases, cycled), one thread, both in this process: a warm-up pass
/// each, then seven alternating timed passes, medians reported.
/// <c>--tokenizer-ids --input FILE.jsonl --out FILE.jsonl</c> writes Microsoft.ML.Tokenizers' ids in the format of
/// <c>marketlab bert tokenize</c>, for scripts/tokenizer-agreement.sh's before/after table.
/// </summary>
public static class TokenizerBenchmark
{
    private const int Phrases = 100_000;
    private const int Passes = 7;

    public static int Run(string[] args)
    {
        string vocab = SharedModels.Require(SharedModels.BertBaseUncasedVocab);
        BertTokenizer peer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
        if (args.Contains("--tokenizer-ids")) return WriteIds(peer, Value(args, "--input"), Value(args, "--out"));

        string[] sst2 = File.ReadLines(SharedDatasets.Resolve("text/sst2/train.tsv")).Skip(1).Select(l => l.Split('\t')[0]).ToArray();
        string[] texts = Enumerable.Range(0, Phrases).Select(i => sst2[i % sst2.Length]).ToArray();
        BertWordPieceTokenizer ours = new(WordPieceVocabulary.FromVocabFile(vocab));
        var buffer = new List<int>(256);
        long OursPass()
        {
            long n = 0;
            foreach (string text in texts)
            {
                buffer.Clear();
                ours.Tokenize(text, buffer);
                n += buffer.Count;
            }

            return n;
        }

        long PeerPass()
        {
            long n = 0;
            foreach (string text in texts) n += peer.EncodeToIds(text, addSpecialTokens: false).Count;
            return n;
        }

        long oursTokens = OursPass(), peerTokens = PeerPass();
        var oursSeconds = new List<double>();
        var peerSeconds = new List<double>();
        for (int pass = 0; pass < Passes; pass++)
        {
            oursSeconds.Add(Time(OursPass));
            peerSeconds.Add(Time(PeerPass));
        }

        double o = Median(oursSeconds), p = Median(peerSeconds);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{Phrases:N0} SST-2 phrases, one thread, median of {Passes} passes ({Environment.ProcessorCount} cores, .NET {Environment.Version}):");
        Console.WriteLine(string.Create(inv, $"| tokenizer | tokens per pass | seconds | tokens/s | phrases/s |"));
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(inv, $"| MarketLab (original rules) | {oursTokens:N0} | {o:F3} | {oursTokens / o:N0} | {Phrases / o:N0} |"));
        Console.WriteLine(string.Create(inv, $"| Microsoft.ML.Tokenizers 2.0.1 BertTokenizer | {peerTokens:N0} | {p:F3} | {peerTokens / p:N0} | {Phrases / p:N0} |"));
        Console.WriteLine(string.Create(inv, $"Ratio, tokens/s ours / ML.Tokenizers: {oursTokens / o / (peerTokens / p):F2}x (target >= 0.5x)"));
        return 0;
    }

    private static double Time(Func<long> pass)
    {
        var clock = Stopwatch.StartNew();
        pass();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static int WriteIds(BertTokenizer peer, string input, string output)
    {
        using var writer = new StreamWriter(output, append: false, new UTF8Encoding(false));
        foreach (string line in File.ReadLines(input))
        {
            string text = JsonSerializer.Deserialize<string>(line)!;
            var ids = new List<int> { peer.ClassificationTokenId };
            ids.AddRange(peer.EncodeToIds(text, addSpecialTokens: false));
            ids.Add(peer.SeparatorTokenId);
            writer.Write('[');
            writer.Write(string.Join(',', ids));
            writer.Write("]\n");
        }

        return 0;
    }

    private static string Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} FILE is required.");
    }
}
