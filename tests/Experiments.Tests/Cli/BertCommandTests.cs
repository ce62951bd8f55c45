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
    public void A_folder_given_to_model_points_to_from()
    {
        using var cli = new CliRunner();
        string data = cli.WriteFile("data.tsv", "good\t1\nbad\t0\n");
        string folder = Path.GetDirectoryName(data)!;
        var (exit, _, error) = cli.Run("bert", "train", "--data", data, "--model", folder);
        Assert.Equal(2, exit);
        Assert.Contains($"use --from {folder}", error);
    }

    [Fact]
    public void An_unknown_pooling_is_rejected()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("bert", "train", "--data", "x.tsv", "--pooling", "max");
        Assert.Equal(2, exit);
        Assert.Contains("--pooling: 'max' is not a pooling; use cls or mean", error);
    }

    [Fact]
    public void Zero_epochs_is_rejected()
    {
        using var cli = new CliRunner();
        var (exit, _, error) = cli.Run("bert", "train", "--data", "x.tsv", "--epochs", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--epochs: must be at least 1; got 0", error);
    }

    [Fact]
    public void A_mask_probability_outside_zero_to_one_is_rejected()
    {
        using var cli = new CliRunner();
        string corpus = cli.WriteFile("corpus.txt", "a line\n");
        var (exit, _, error) = cli.Run("bert", "pretrain", "--corpus", corpus, "--out", cli.PathOf("out"), "--mask-probability", "1.5");
        Assert.Equal(2, exit);
        Assert.Contains("--mask-probability: 1.5 is not in (0, 1)", error);
    }

    [LinuxFact]
    public void Whole_word_pretraining_writes_the_checkpoint_and_its_loss_history()
    {
        using var cli = new CliRunner();
        string vocab = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bert", "tiny-random", "vocab.txt");
        string corpus = cli.WriteFile("corpus.txt", string.Join('\n', Enumerable.Repeat("the phone is great and the battery is good", 40)));
        var (exit, output, error) = cli.Run("bert", "pretrain", "--corpus", corpus, "--out", cli.PathOf("out"), "--vocab", vocab,
            "--steps", "5", "--batch-size", "4", "--max-length", "16", "--threads", "1", "--whole-word");
        Assert.True(exit == 0, output + error);
        Assert.Contains("(15% whole-word masking)", output);
        string[] history = File.ReadAllLines(Path.Combine(cli.PathOf("out"), "pretrain-history.csv"));
        Assert.Equal("step,loss,mean_loss,learning_rate,samples_per_second", history[0]);
        Assert.Equal(6, history.Length);
        Assert.True(File.Exists(Path.Combine(cli.PathOf("out"), "model.safetensors")));
    }

    [LinuxFact]
    public void Pretraining_continues_from_a_checkpoint_and_refuses_size_or_the_same_folder()
    {
        using var cli = new CliRunner();
        string vocab = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bert", "tiny-random", "vocab.txt");
        string corpus = cli.WriteFile("corpus.txt", string.Join('\n', Enumerable.Repeat("the phone is great and the battery is good", 40)));
        string[] small = ["--steps", "5", "--batch-size", "4", "--max-length", "16", "--threads", "1"];
        var (exit, output, error) = cli.Run(["bert", "pretrain", "--corpus", corpus, "--out", cli.PathOf("first"), "--vocab", vocab, "--size", "tiny", .. small]);
        Assert.True(exit == 0, output + error);

        (exit, output, error) = cli.Run(["bert", "pretrain", "--corpus", corpus, "--from", cli.PathOf("first"), "--out", cli.PathOf("second"), .. small]);
        Assert.True(exit == 0, output + error);
        Assert.Contains($"Pre-training from {cli.PathOf("first")} (masked LM)", output);
        Assert.True(File.Exists(Path.Combine(cli.PathOf("second"), "model.safetensors")));

        (exit, _, error) = cli.Run(["bert", "pretrain", "--corpus", corpus, "--from", cli.PathOf("first"), "--out", cli.PathOf("third"), "--size", "mini", .. small]);
        Assert.Equal(2, exit);
        Assert.Contains("--size: cannot be combined with --from", error);
        (exit, _, error) = cli.Run(["bert", "pretrain", "--corpus", corpus, "--from", cli.PathOf("first"), "--out", cli.PathOf("first"), .. small]);
        Assert.Equal(2, exit);
        Assert.Contains("--out: must differ from --from", error);
        (exit, _, error) = cli.Run(["bert", "pretrain", "--corpus", corpus, "--from", cli.PathOf("nowhere"), "--out", cli.PathOf("third"), .. small]);
        Assert.Equal(2, exit);
        Assert.Contains("--from: ", error);
        Assert.Contains("is not a checkpoint folder", error);
    }
}
