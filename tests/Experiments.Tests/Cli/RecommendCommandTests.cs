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

    [Theory]
    [InlineData("--weight-decay", "-0.1", "--weight-decay: -0.1 must be >= 0.")]
    [InlineData("--validate-every", "0", "--validate-every: 0 must be >= 1.")]
    public void BadTrainingSettingsAreInputErrors(string option, string value, string message)
    {
        using var cli = new CliRunner();
        string log = cli.WriteFile("log.txt", "1 2\n1 3\n1 4\n");
        var (exit, _, error) = cli.Run("recommend", log, "--format", "pairs", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void ATimeSplitOfAPairsLogIsAnInputError()
    {
        using var cli = new CliRunner();
        string log = cli.WriteFile("log.txt", "1 2\n1 3\n1 4\n");
        var (exit, _, error) = cli.Run("recommend", log, "--format", "pairs", "--split", "time", "--cut", "0.5");
        Assert.Equal(2, exit);
        Assert.Contains("log.txt:1: the event has no timestamp", error);
        (exit, _, error) = cli.Run("recommend", log, "--format", "pairs", "--split", "time");
        Assert.Equal(2, exit);
        Assert.Contains("--split time needs --cut", error);
    }

    [Fact]
    public void TheRerankerRunsOnATimeSplit()
    {
        using var cli = new CliRunner();
        // 30 users walking a ring of 10 items, one event a minute from their own start second; the cut at minute 5.
        var lines = Enumerable.Range(0, 30).SelectMany(u => Enumerable.Range(0, 8).Select(t => $"{u},{(u + t) % 10},c{(u + t) % 10 / 5},pv,{60 * t + u}"));
        string log = cli.WriteFile("log.csv", string.Join("\n", lines));
        var (exit, output, error) = cli.Run("recommend", log, "--format", "taobao", "--split", "time", "--cut", "1970-01-01T00:05:00Z",
            "--models", "popularity,reranker", "--negatives", "3", "--resamples", "100", "--rerank-trials", "2");
        Assert.True(exit == 0, error);
        Assert.Contains("Time split at 1970-01-01T00:05:00Z", output);
        Assert.Contains("30 users evaluated", output);
        Assert.Contains("Reranker - Popularity, full Hit@10", output);
        Assert.Contains("Reranker AutoML trial 2:", error);
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
