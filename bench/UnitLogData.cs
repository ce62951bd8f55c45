namespace MarketLab.Bench;

/// <summary>
/// A seeded synthetic per-unit log in column arrays: arm index, a 0/1 conversion, revenue
/// (zero unless converted, log-normal-ish otherwise), clicks and impressions.
/// </summary>
public sealed class UnitLogData
{
    public static readonly string[] ArmNames = ["control", "b", "c"];

    private UnitLogData(int[] arms, double[] converted, double[] revenue, double[] clicks, double[] impressions)
    {
        Arms = arms;
        Converted = converted;
        Revenue = revenue;
        Clicks = clicks;
        Impressions = impressions;
    }

    public int[] Arms { get; }
    public double[] Converted { get; }
    public double[] Revenue { get; }
    public double[] Clicks { get; }
    public double[] Impressions { get; }
    public int Rows => Arms.Length;

    public static UnitLogData Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var arms = new int[rows];
        var converted = new double[rows];
        var revenue = new double[rows];
        var clicks = new double[rows];
        var impressions = new double[rows];
        double[] conversionRate = [0.050, 0.053, 0.049];
        double[] clickRate = [0.080, 0.082, 0.080];
        for (int i = 0; i < rows; i++)
        {
            int arm = random.Next(ArmNames.Length);
            arms[i] = arm;
            bool buys = random.NextDouble() < conversionRate[arm];
            converted[i] = buys ? 1 : 0;
            revenue[i] = buys ? Math.Round(Math.Exp(3.5 + 0.8 * Gaussian(random)), 2) : 0;
            int shown = random.Next(1, 30);
            impressions[i] = shown;
            clicks[i] = Math.Floor(shown * clickRate[arm] * 2 * random.NextDouble() + 0.5);
        }
        return new UnitLogData(arms, converted, revenue, clicks, impressions);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
