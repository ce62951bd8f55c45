using System.Globalization;
using System.Text;
using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using Microsoft.ML;
using MarketLab.Experiments.Data.Tabular;

namespace MarketLab.Experiments.Tests.AutoML;

/// <summary>Small seeded datasets written as CSV and loaded with type inference.</summary>
internal static class AutoMLTestData
{
    /// <summary>Binary label from a nonlinear rule on x1, x2 and a segment, plus noise and a free-text column.</summary>
    public static string BinaryCsv(int rows = 300, int seed = 1, bool text = false)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("x1,x2,segment,flag" + (text ? ",review" : "") + ",label\n");
        string[] segments = ["a", "b", "c"];
        for (var i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2;
            var segment = segments[random.Next(3)];
            var flag = random.Next(2) == 0;
            var signal = x1 * x2 + (segment == "b" ? 1 : 0) + (flag ? 0.5 : -0.5) + random.NextDouble() - 0.5;
            var label = signal > 0;
            var x1Text = i % 17 == 0 ? "" : x1.ToString("R", CultureInfo.InvariantCulture); // some missing numbers
            // A distinct order number keeps the column free text (two repeating values would be a category).
            var review = (label ? "great product would buy again" : "poor quality would not buy") + $" order {i}";
            sb.Append(CultureInfo.InvariantCulture, $"{x1Text},{x2:R},{segment},{flag}{(text ? "," + review : "")},{label}\n");
        }

        return sb.ToString();
    }

    /// <summary>Three classes (red, green, blue) from a noisy rule on x1, x2 and a segment.</summary>
    public static string MulticlassCsv(int rows = 300, int seed = 1)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("x1,x2,segment,label\n");
        string[] segments = ["a", "b", "c"];
        for (var i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2;
            var segment = segments[random.Next(3)];
            var signal = x1 + 0.5 * x2 * x2 + (segment == "b" ? 0.8 : 0) + random.NextDouble() - 0.5;
            var label = signal < 0 ? "red" : signal < 1.5 ? "green" : "blue";
            sb.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{segment},{label}\n");
        }

        return sb.ToString();
    }

    /// <summary>Writes CSV text to a temp file and loads it.</summary>
    public static (IDataView Data, IReadOnlyDictionary<string, ColumnKind> Kinds) Load(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), "automl-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, csv);
        try { return CsvDataLoader.Load(path); }
        finally { File.Delete(path); }
    }

    public static string TempPath(string extension) => Path.Combine(Path.GetTempPath(), "automl-" + Guid.NewGuid().ToString("N") + extension);
}
