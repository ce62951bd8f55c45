using System.Globalization;
using System.Text;

namespace MarketLab.Experiments.Tests.Cli;

public class UpliftSegmentCommandTests
{
    // A seeded Hillstrom-format file with a customer id column: 600 customers, women's e-mail or no e-mail at random,
    // visits more likely with the e-mail for newbies.
    private static string Log(CliRunner cli)
    {
        var random = new Random(3);
        var text = new StringBuilder("customer,recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend\n");
        string[] zips = ["Urban", "Surburban", "Rural"], channels = ["Phone", "Web", "Multichannel"];
        for (int i = 0; i < 600; i++)
        {
            bool treated = random.Next(2) == 0;
            int newbie = random.Next(2);
            double p = 0.1 + (treated && newbie == 1 ? 0.3 : 0);
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"c{i},{random.Next(1, 13)},1) $0 - $100,{random.Next(30, 100)},{random.Next(2)},{random.Next(2)},{zips[random.Next(3)]},{newbie},{channels[random.Next(3)]},{(treated ? "Womens E-Mail" : "No E-Mail")},{(random.NextDouble() < p ? 1 : 0)},0,0\n"));
        }
        return cli.WriteFile("hillstrom-ids.csv", text.ToString());
    }

    [Fact]
    public void UpliftReportsEverySegmentAndCountsTheUnassigned()
    {
        using var cli = new CliRunner();
        string data = Log(cli);
        // Customers c0..c499 in segments by parity; c500..c599 are not listed.
        string segments = cli.WriteFile("segments.csv", "user,segment\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"c{i},{i % 2}\n")));
        var (exit, output, error) = cli.Run("uplift", "--data", data, "--resamples", "0", "--segment-file", segments, "--segment-join", "customer");
        Assert.True(exit == 0, error);
        Assert.Contains("100 of 600 customers have no segment", output);
        Assert.Contains("Per segment", output);
        Assert.Contains("unassigned", output);
    }

    [Fact]
    public void MissingJoinColumnIsAnInputError()
    {
        using var cli = new CliRunner();
        string data = Log(cli);
        string segments = cli.WriteFile("segments.csv", "user,segment\nc1,0\n");
        var (exit, _, error) = cli.Run("uplift", "--data", data, "--segment-file", segments, "--segment-join", "user_id");
        Assert.Equal(2, exit);
        Assert.Contains("column 'user_id'", error);
        var (exit2, _, error2) = cli.Run("uplift", "--data", data, "--segment-join", "customer");
        Assert.Equal(2, exit2);
        Assert.Contains("--segment-join needs --segment-file", error2);
    }
}
