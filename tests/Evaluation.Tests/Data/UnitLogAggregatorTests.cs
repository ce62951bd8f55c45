using System.Globalization;
using System.Text;
using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Evaluation.Tests.Data;

public class UnitLogAggregatorTests
{
    private static readonly UnitLogMetric[] Metrics =
    [
        UnitLogMetric.Proportion("conversion", "converted", "converted_pre"),
        UnitLogMetric.Mean("revenue", "revenue"),
        UnitLogMetric.Ratio("ctr", "clicks", "impressions", "clicks_pre", "impressions_pre"),
    ];

    private static UnitLogAggregate Aggregate(string text, IReadOnlyList<UnitLogMetric>? metrics = null)
    {
        using var csv = new CsvReader(new StringReader(text), "units.csv");
        return UnitLogAggregator.Aggregate(csv, "arm", metrics ?? Metrics);
    }

    private static CsvFormatException Fails(string text, IReadOnlyList<UnitLogMetric>? metrics = null) =>
        Assert.Throws<CsvFormatException>(() => Aggregate(text, metrics));

    private const string Header = "arm,converted,converted_pre,revenue,clicks,impressions,clicks_pre,impressions_pre\n";

    // Seeded random log; returns the CSV and the rows for a naive recomputation.
    private static (string Csv, List<(string Arm, double[] Values)> Rows) RandomLog(int seed, int n)
    {
        var random = new Random(seed);
        var text = new StringBuilder(Header);
        var rows = new List<(string, double[])>();
        string[] arms = ["control", "b", "c"];
        for (int i = 0; i < n; i++)
        {
            string arm = arms[random.Next(3)];
            double impressions = random.Next(0, 20), clicks = Math.Floor(impressions * random.NextDouble() * 0.3);
            double[] v = [random.Next(2), random.Next(2), Math.Round(random.NextDouble() * 100, 2), clicks, impressions,
                random.Next(0, 5), random.Next(1, 25)];
            rows.Add((arm, v));
            text.Append(arm).Append(',').AppendJoin(',', v.Select(x => x.ToString(CultureInfo.InvariantCulture))).Append('\n');
        }
        return (text.ToString(), rows);
    }

    [Fact]
    public void MatchesANaiveTwoPassComputation()
    {
        var (csv, rows) = RandomLog(seed: 11, n: 3000);
        UnitLogAggregate result = Aggregate(csv);
        Assert.Equal(["control", "b", "c"], result.Arms.Take(3).OrderBy(a => a == "control" ? 0 : a == "b" ? 1 : 2));
        Assert.Equal(rows.Count, result.TotalUnits);
        int[][] layout = [[0, 1], [2], [3, 4, 5, 6]];
        foreach (string arm in result.Arms)
        {
            var armRows = rows.Where(r => r.Arm == arm).Select(r => r.Values).ToList();
            Assert.Equal(armRows.Count, result.UnitsOf(arm));
            for (int m = 0; m < Metrics.Length; m++)
            {
                SufficientStatistics s = result.Get(arm, Metrics[m].Name);
                Assert.Same(s, result.Statistics[arm][Metrics[m].Name]);
                int[] cols = layout[m];
                for (int i = 0; i < cols.Length; i++)
                {
                    double mean = armRows.Average(r => r[cols[i]]);
                    Tolerance.Close(mean, s.Mean(i), 1e-12);
                    for (int j = 0; j < cols.Length; j++)
                    {
                        double cov = armRows.Sum(r => (r[cols[i]] - mean) * (r[cols[j]] - armRows.Average(q => q[cols[j]]))) / (armRows.Count - 1);
                        Tolerance.Close(cov, s.Covariance(i, j), 1e-9, $"{arm}/{Metrics[m].Name} cov({i},{j})");
                    }
                }
            }
        }
    }

    [Fact]
    public void ArmsKeepFirstSeenOrder()
    {
        UnitLogAggregate result = Aggregate(Header + "z,1,0,1,0,1,0,1\na,0,0,2,1,1,0,1\nz,1,1,3,0,2,0,1\n");
        Assert.Equal(["z", "a"], result.Arms);
        Assert.Equal([2L, 1L], result.Units);
    }

    [Fact]
    public void ChunkedAggregationPlusMergeEqualsOnePass()
    {
        var (csv, _) = RandomLog(seed: 5, n: 900);
        string[] lines = csv.TrimEnd('\n').Split('\n');
        UnitLogAggregate whole = Aggregate(csv);
        UnitLogAggregate first = Aggregate(string.Join('\n', lines[..400]) + "\n");
        UnitLogAggregate second = Aggregate(lines[0] + "\n" + string.Join('\n', lines[400..]) + "\n");
        foreach (string arm in whole.Arms)
            foreach (UnitLogMetric metric in Metrics)
            {
                SufficientStatistics merged = first.Get(arm, metric.Name) + second.Get(arm, metric.Name);
                SufficientStatistics one = whole.Get(arm, metric.Name);
                Assert.Equal(one.Count, merged.Count);
                for (int i = 0; i < metric.Dimension; i++)
                {
                    Tolerance.Close(one.Sum(i), merged.Sum(i), 1e-12);
                    for (int j = i; j < metric.Dimension; j++) Tolerance.Close(one.SumOfProducts(i, j), merged.SumOfProducts(i, j), 1e-12);
                }
            }
    }

    [Fact]
    public void ProportionValueOtherThanZeroOrOneIsAnError()
    {
        var e = Fails(Header + "a,1,0,1,0,1,0,1\nb,2,0,1,0,1,0,1\n");
        Assert.Contains("units.csv: line 3, column 2 ('converted')", e.Message);
        Assert.Contains("not 0 or 1", e.Message);
    }

    [Fact]
    public void NegativeDenominatorIsAnError()
    {
        var e = Fails(Header + "a,1,0,1,0,1,0,1\nb,1,0,1,0,1,0,-3\n");
        Assert.Contains("units.csv: line 3, column 8 ('impressions_pre')", e.Message);
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void NonNumericAndNaNValuesAreErrors()
    {
        Assert.Contains("line 2, column 4 ('revenue')", Fails(Header + "a,1,0,abc,0,1,0,1\n").Message);
        Assert.Contains("line 2, column 4 ('revenue'): 'NaN' is not a finite number", Fails(Header + "a,1,0,NaN,0,1,0,1\n").Message);
        Assert.Contains("line 2, column 5 ('clicks'): 'Infinity'", Fails(Header + "a,1,0,1,Infinity,1,0,1\n").Message);
    }

    [Fact]
    public void UnknownMetricColumnListsTheHeader()
    {
        var e = Fails(Header + "a,1,0,1,0,1,0,1\n", [UnitLogMetric.Mean("aov", "order_value")]);
        Assert.Contains("units.csv: line 1", e.Message);
        Assert.Contains("'order_value'", e.Message);
        Assert.Contains("column 'order_value' (for metric 'aov')", e.Message);
        Assert.Contains("available columns: arm, converted,", e.Message);
    }

    [Fact]
    public void UnknownArmColumnListsTheHeader()
    {
        using var csv = new CsvReader(new StringReader("group,y\na,1\n"), "units.csv");
        var e = Assert.Throws<CsvFormatException>(() => UnitLogAggregator.Aggregate(csv, "arm", [UnitLogMetric.Mean("y", "y")]));
        Assert.Contains("column 'arm' (for the arm)", e.Message);
        Assert.Contains("available columns: group, y", e.Message);
    }

    [Fact]
    public void EmptyArmValueAndRaggedRowsAreErrors()
    {
        Assert.Contains("line 2, column 1 ('arm'): the arm is empty", Fails(Header + ",1,0,1,0,1,0,1\n").Message);
        Assert.Contains("line 3, column 8", Fails(Header + "a,1,0,1,0,1,0,1\na,1,0,1,0,1,0\n").Message);
    }

    [Fact]
    public void HeaderWithoutRowsIsAnError() =>
        Assert.Contains("no data rows", Fails(Header).Message);

    [Fact]
    public void AskingForAnAbsentArmListsTheArms()
    {
        UnitLogAggregate result = Aggregate(Header + "a,1,0,1,0,1,0,1\n");
        var e = Assert.Throws<ArgumentException>(() => result.Get("control", "revenue"));
        Assert.Contains("'control'", e.Message);
        Assert.Contains("arms: a", e.Message);
    }

    [Fact]
    public void FeedsTheAnalysisFacade()
    {
        var (csv, _) = RandomLog(seed: 3, n: 1500);
        UnitLogAggregate aggregate = Aggregate(csv);
        ExperimentData data = aggregate.ToExperimentData();
        Assert.Equal(aggregate.Arms, data.Arms.Select(a => a.Name));
        Assert.Equal(aggregate.Units, data.Arms.Select(a => a.Units));
        ExperimentResult result = AbAnalysis.Analyze(data, "control", aggregate.MetricSpecs());
        Assert.Equal(2 * Metrics.Length, result.Comparisons.Count);
        Assert.All(result.Comparisons, c => Assert.True(c.IsValid, c.ErrorMessage));
        Assert.Contains(result.Comparisons, c => c.VarianceReduction is not null);
    }
}
