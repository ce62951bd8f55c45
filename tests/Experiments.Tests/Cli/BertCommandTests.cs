using MarketLab.Experiments.Tests.Bert.Support;
namespace MarketLab.Experiments.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class BertCommandTests
{
    [Fact]
    public void Pretrain_without_corpus_names_the_option()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("bert", "pretrain", "--out", cli.PathOf("out"));
        Assert.Equal(2, exit);
        Assert.StartsWith("marketlab bert pretrain: --corpus: is required", error);
    }

    [Fact]
    public void Unknown_size_lists_the_sizes()
    {
        using var cli = new CliRunner();
        string corpus = cli.WriteFile("corpus.txt", "a line\n");
        var (exit, _, error) = cli.Run("bert", "pretrain", "--corpus", corpus, "--out", cli.PathOf("out"), "--size", "huge");
        Assert.Equal(2, exit);
        Assert.Contains("--size: 'huge' is not a size; use one of tiny, mini, small, medium, base", error);
    }

    [Fact]
    public void Train_with_a_missing_column_names_it()
    {
        using var cli = new CliRunner();
        string data = cli.WriteFile("data.tsv", "sentence\tlabel\ngood\t1\nbad\t0\n");
        var (exit, _, error) = cli.Run("bert", "train", "--data", data, "--text", "review", "--label", "label", "--vocab", cli.WriteFile("vocab.txt", "[PAD]\n"));
        Assert.Equal(2, exit);
        Assert.Contains("--text: ", error);
        Assert.Contains("no column 'review'", error);
    }

    [Fact]
    public void Zero_epochs_is_rejected()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("bert", "train", "--data", "x.tsv", "--epochs", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--epochs: must be at least 1; got 0", error);
    }
}
