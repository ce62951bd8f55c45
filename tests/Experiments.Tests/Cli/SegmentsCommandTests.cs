namespace MarketLab.Experiments.Tests.Cli;

public class SegmentsCommandTests
{
    [Fact]
    public void ProfilesTheSegmentsOfATaobaoLogAndWritesTheAssignment()
    {
        using var cli = new CliRunner();
        // Six users: three buyers with carts and purchases, three with a single page view long before the log's end.
        var lines = new List<string>();
        for (int u = 0; u < 3; u++)
            for (int e = 0; e < 12; e++) lines.Add($"b{u},i{e},c1,{(e % 4 == 0 ? "buy" : e % 3 == 0 ? "cart" : "pv")},{2_000_000 + e * 60 + u}");
        for (int u = 0; u < 3; u++) lines.Add($"p{u},i1,c2,pv,{100 + u}");
        string log = cli.WriteFile("log.csv", string.Join("\n", lines));
        string assignment = cli.PathOf("segments.csv");
        var (exit, output, error) = cli.Run("segments", log, "--segments", "2", "--out", assignment);
        Assert.True(exit == 0, error);
        Assert.Contains("6 users in 2 segments", output);
        var rows = File.ReadAllLines(assignment);
        Assert.Equal("user,segment", rows[0]);
        var segment = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0], r => r[1]);
        Assert.Single(new[] { "b0", "b1", "b2" }.Select(u => segment[u]).Distinct());
        Assert.Single(new[] { "p0", "p1", "p2" }.Select(u => segment[u]).Distinct());
        Assert.NotEqual(segment["b0"], segment["p0"]);
    }

    [Fact]
    public void AnUnknownLogIsAnInputError()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("segments", "no-such-log");
        Assert.Equal(2, exit);
        Assert.Contains("'no-such-log' is neither a catalogued dataset nor a file", error);
    }

    [Fact]
    public void AnUnknownEmbeddingSourceIsAnInputError()
    {
        using var cli = new CliRunner();
        string log = cli.WriteFile("log.csv", "u1,i1,c1,pv,100\nu2,i2,c2,buy,200\n");
        var (exit, _, error) = cli.Run("segments", log, "--segments", "2", "--embeddings", "bert");
        Assert.Equal(2, exit);
        Assert.Contains("--embeddings: 'bert' is not one of none, sasrec", error);
    }
}
