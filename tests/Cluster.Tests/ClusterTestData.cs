using System.Globalization;
using System.Text;

namespace MarketLab.Cluster.Tests;

/// <summary>A small seeded binary-classification CSV (nonlinear rule on two numbers and a segment, plus noise).</summary>
internal static class ClusterTestData
{
    public static string WriteBinaryCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("x1,x2,segment,label\n");
        string[] segments = ["a", "b", "c"];
        for (var i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2;
            var segment = segments[random.Next(3)];
            var label = x1 * x2 + (segment == "b" ? 1 : 0) + random.NextDouble() - 0.5 > 0;
            sb.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{segment},{label}\n");
        }

        var path = TempPath(".csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    public static string TempPath(string extension) => Path.Combine(Path.GetTempPath(), "cluster-" + Guid.NewGuid().ToString("N") + extension);
}
