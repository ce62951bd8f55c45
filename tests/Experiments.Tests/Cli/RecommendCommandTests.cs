namespace MarketLab.Experiments.Tests.Cli;

public class RecommendCommandTests
{
    [Fact]
    public void PrintsBothProtocolsAndThePairedTestForAPairsLog()
    {
        using var cli = new CliRunner();
        // 40 users on a ring of 12 items, 5 events each: Markov knows every next item.
        var lines = Enumerable.Range(0, 40).SelectMany(u => Enumerable.Range(0, 5).Select(t => $"{u} {(u + t) % 12}"));
        string log = cli.WriteFile("log.txt", string.Join("\n", lines));
        var (exit, output, error) = cli.Run("recommend", log, "--format", "pairs", "--models", "popularity,markov", "--negatives", "5", "--resamples", "100");
        Assert.True(exit == 0, error);
        Assert.Contains("40 users, 12 candidate items", output);
        Assert.Contains("sampled (5 negatives)", output);
        Assert.Contains("full ranking", output);
        Assert.Contains("Markov - Popularity, full Hit@10", output);
    }

    [Fact]
    public void MalformedLogIsAnInputErrorWithLineAndColumn()
    {
        using var cli = new CliRunner();
        string log = cli.WriteFile("bad.csv", "1,2,3,pv,10\n1,2,3,view,11\n");
        var (exit, _, error) = cli.Run("recommend", log, "--format", "taobao", "--models", "popularity");
        Assert.Equal(2, exit);
        Assert.Contains("bad.csv:2:7: behaviour 'view'", error);
    }

    [Fact]
    public void AFileNeedsAFormat()
    {
        using var cli = new CliRunner();
        string log = cli.WriteFile("log.txt", "1 2\n");
        var (exit, _, error) = cli.Run("recommend", log);
        Assert.Equal(2, exit);
        Assert.Contains("--format", error);
    }

    [Fact]
    public void AnUnknownLossIsAnInputError()
    {
        using var cli = new CliRunner();
        string log = cli.WriteFile("log.txt", "1 2\n1 3\n1 4\n");
        var (exit, _, error) = cli.Run("recommend", log, "--format", "pairs", "--loss", "hinge");
        Assert.Equal(2, exit);
        Assert.Contains("--loss: 'hinge' is not one of bce, ce", error);
    }

    [Fact]
    public void PropensityNamesAMissingLog()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("recommend", "propensity", "--log", "no-such-log.csv");
        Assert.Equal(2, exit);
        Assert.Contains("--log: 'no-such-log.csv' is neither a catalogued dataset nor a file", error);
    }
}
