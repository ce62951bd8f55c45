using MarketLab.Experiments.Data;

namespace MarketLab.Experiments.Tests.Models.Support;

/// <summary>
/// 200 real sentences of mixed length from ../shared/datasets/text: 80 SST-2 dev sentences, 60 UCI reviews (IMDb
/// ones run long, Amazon ones short) and 60 banking77 test queries, interleaved so every batch mixes lengths.
/// </summary>
internal static class ParitySentences
{
    public const string Marker = "text/sst2/dev.tsv";

    public static IReadOnlyList<string> Load()
    {
        List<string> sst = TsvColumn(SharedDatasets.Resolve("text/sst2/dev.tsv"), skipHeader: true).Take(80).ToList();
        List<string> imdb = TsvColumn(SharedDatasets.Resolve("text/uci_sentiment_labelled/imdb_labelled.txt"), skipHeader: false).Take(30).ToList();
        List<string> amazon = TsvColumn(SharedDatasets.Resolve("text/uci_sentiment_labelled/amazon_cells_labelled.txt"), skipHeader: false).Take(30).ToList();
        List<string> banking = TextCsv.Load(SharedDatasets.Resolve("text/banking77/test.csv"), "text", "category").Texts.Take(60).ToList();
        List<string>[] sources = [sst, imdb, amazon, banking];
        var mixed = new List<string>();
        for (int i = 0; mixed.Count < 200; i++)
        {
            foreach (List<string> source in sources.Where(s => i < s.Count)) mixed.Add(source[i]);
        }

        return mixed;
    }

    private static IEnumerable<string> TsvColumn(string path, bool skipHeader) =>
        File.ReadLines(path).Skip(skipHeader ? 1 : 0).Select(l => l.Split('\t')[0].Trim()).Where(t => t.Length > 0);
}
