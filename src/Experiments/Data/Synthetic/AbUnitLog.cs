using System.Globalization;

namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>
/// Writes a small seeded per-unit log for trying <c>marketlab ab</c> and the <c>synthetic:ab_units</c> dataset: three arms, a conversion flag,
/// revenue, clicks and impressions, each with a pre-period value for CUPED. Arm "b" converts a little
/// better (5.0% → 7.0%); arm "c" is an A/A copy of control. The same seed gives the same file.
/// </summary>
public static class AbUnitLog
{
    public const int DefaultRows = 20000;
    public const int DefaultSeed = 42;

    public static void Write(TextWriter writer, int rows = DefaultRows, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        string[] arms = ["control", "b", "c"];
        double[] conversion = [0.050, 0.070, 0.050];
        writer.Write("user_id,arm,converted,revenue,clicks,impressions,converted_pre,revenue_pre,clicks_pre,impressions_pre\n");
        for (int i = 0; i < rows; i++)
        {
            int arm = random.Next(arms.Length);
            // A per-user propensity shared by both periods is what makes the pre-period a useful covariate.
            double propensity = Math.Exp(0.9 * Gaussian(random) - 0.405);
            double value = 0.5 * Gaussian(random); // basket size is a habit too
            int convertedPre = random.NextDouble() < Math.Min(1, 0.05 * propensity) ? 1 : 0;
            int converted = random.NextDouble() < Math.Min(1, conversion[arm] * propensity) ? 1 : 0;
            double revenuePre = convertedPre == 1 ? Basket(random, value) : 0;
            double revenue = converted == 1 ? Basket(random, value) : 0;
            int impressionsPre = random.Next(1, 25), impressions = random.Next(1, 25);
            int clicksPre = Binomial(random, impressionsPre, Math.Min(1, 0.08 * propensity));
            int clicks = Binomial(random, impressions, Math.Min(1, 0.08 * propensity));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"u{i + 1:D5},{arms[arm]},{converted},{revenue:F2},{clicks},{impressions},{convertedPre},{revenuePre:F2},{clicksPre},{impressionsPre}\n"));
        }
    }

    public static void Write(string path, int rows = DefaultRows, int seed = DefaultSeed)
    {
        using var writer = new StreamWriter(path);
        Write(writer, rows, seed);
    }

    private static double Basket(Random random, double habit) => Math.Round(Math.Exp(3.6 + habit + 0.4 * Gaussian(random)), 2);

    private static int Binomial(Random random, int n, double p)
    {
        int k = 0;
        for (int i = 0; i < n; i++) if (random.NextDouble() < p) k++;
        return k;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
