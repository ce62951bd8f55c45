using MarketLab.Experiments.Tests.AutoML;

namespace MarketLab.Experiments.Tests.Cli;

public sealed class AutoMLCommandTests
{
    [Fact]
    public void Runs_end_to_end_on_a_tiny_csv_and_saves_the_model()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 120));
        var (exit, output, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600",
            "--max-trials", "3", "--workers", "1", "--tuner", "random", "--store", cli.PathOf("runs.db"), "--output", cli.PathOf("model"),
            "--trial-timeout", "120", "--ensemble-method", "top"); // the default (10 s here) can cut the first trial's JIT and native loading on a loaded machine; --max-trials ends the run, the 600 s budget only keeps a loaded machine from cutting it short
        Assert.True(exit == 0, error + output);
        Assert.Contains("Leaderboard (Auc, 3 trials", output);
        Assert.Contains("3 done", output);
        Assert.Contains("Top-3 ensemble", output);
        Assert.True(File.Exists(cli.PathOf(Path.Combine("model", "model.zip"))));
        Assert.True(File.Exists(cli.PathOf(Path.Combine("model", "ensemble", "ensemble.json"))));
        var (predictExit, predictOutput, predictError) = cli.Run("automl", "predict", "--model", cli.PathOf(Path.Combine("model", "ensemble")), "--data", data, "--output", cli.PathOf("scores.csv"));
        Assert.True(predictExit == 0, predictError + predictOutput);
        Assert.Equal(121, File.ReadAllLines(cli.PathOf("scores.csv")).Length); // header and 120 rows
        Assert.True(File.Exists(cli.PathOf("runs.db")));
    }

    [Fact]
    public void The_default_ensemble_is_chosen_by_ensemble_selection_and_saved_when_it_has_two_members()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 200, seed: 6));
        var (exit, output, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600",
            "--max-trials", "6", "--workers", "1", "--tuner", "random", "--output", cli.PathOf("model"), "--trial-timeout", "120");
        Assert.True(exit == 0, error + output);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("Selected ensemble (trials ", StringComparison.Ordinal));
        var saved = File.Exists(cli.PathOf(Path.Combine("model", "ensemble", "ensemble.json")));
        // One pick per member is printed as "ID LEARNER xWEIGHT"; the folder exists exactly when there are two or more.
        Assert.Equal(line.Split(" x").Length - 1 >= 2, saved);
        if (saved) Assert.Contains("\"selection\": \"ensemble_selection\"", File.ReadAllText(cli.PathOf(Path.Combine("model", "ensemble", "ensemble.json"))));
    }

    [Fact]
    public void Prints_the_inferred_columns_before_the_search_and_applies_overrides()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 60));
        var (exit, output, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600",
            "--max-trials", "1", "--workers", "1", "--tuner", "random", "--trial-timeout", "120", "--ensemble", "0", "--column", "x2:ignore");
        Assert.True(exit == 0, error + output);
        var columns = output.IndexOf("Columns (4; set a kind with --column NAME:KIND):", StringComparison.Ordinal);
        Assert.True(columns >= 0, output);
        Assert.Contains("  segment: categorical, one-hot (3 values)", output);
        Assert.Contains("  flag: boolean", output);
        Assert.Contains("  x2: identifier, dropped", output);
        Assert.Contains("[set by the user]", output);
        Assert.True(columns < output.IndexOf("trial 0", StringComparison.Ordinal), "the columns come before the first trial");
    }

    [Fact]
    public void Phrase_level_text_is_validated_by_whole_texts_and_says_so_before_the_first_trial()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", "text,label\n" + string.Concat(ValidationGroupsTests.PhraseTexts(seed: 2, sentences: 60).Select(r => $"{r.Text},{r.Label}\n")));
        var (exit, output, error) = cli.Run(OneTrial(data));
        Assert.True(exit == 0, error + output);
        var line = output.IndexOf("Validation keeps nested texts together: ", StringComparison.Ordinal);
        Assert.True(line >= 0, output);
        Assert.Contains("(--validation-groups none splits rows freely)", output);
        Assert.True(line < output.IndexOf("trial 0", StringComparison.Ordinal), "the grouping comes before the first trial");

        var (noneExit, noneOutput, noneError) = cli.Run(OneTrial(data, "--validation-groups", "none"));
        Assert.True(noneExit == 0, noneError + noneOutput);
        Assert.DoesNotContain("Validation keeps", noneOutput);
    }

    // `automl` on a binary CSV for one trial (one worker, no ensemble), then the extra options.
    private static string[] OneTrial(string data, params string[] extra) =>
        ["automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600", "--max-trials", "1", "--workers", "1", "--trial-timeout", "120", "--ensemble", "0", .. extra];

    [Fact]
    public void A_group_column_is_shown_as_validation_groups_and_the_split_follows_it()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 120));
        var (exit, output, error) = cli.Run(OneTrial(data, "--validation-groups", "segment"));
        Assert.True(exit == 0, error + output);
        Assert.Contains("  segment: validation groups (--validation-groups), not a feature", output);
        Assert.Contains("Validation splits by 'segment': each of its 3 values stays in one fold; the column is not a feature.", output);
        // Three segments cannot fill the automatic five folds: the holdout, said before the search.
        Assert.Contains("Validation: a 20% holdout, chosen automatically ('segment' has 3 values, fewer than 5 folds); folds 5 cross-validates instead.", output);
    }

    [Fact]
    public void The_validation_choice_is_printed_and_folds_override_it()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 120));

        var (exit, output, error) = cli.Run(OneTrial(data));
        var (holdoutExit, holdoutOutput, holdoutError) = cli.Run(OneTrial(data, "--folds", "0"));
        var (badExit, _, badError) = cli.Run(OneTrial(data, "--folds", "1"));

        Assert.True(exit == 0, error + output);
        Assert.Contains("Validation: 5-fold cross-validation, chosen automatically (120 rows without free text, under 20,000); folds 0 validates on a holdout instead.", output);
        Assert.True(holdoutExit == 0, holdoutError + holdoutOutput);
        Assert.Contains("Validation: a 20% holdout (folds 0).", holdoutOutput);
        Assert.Equal(2, badExit);
        Assert.Contains("--folds: 1 is neither 0 (a 20% holdout) nor 2 or more cross-validation folds", badError);
    }

    [Fact]
    public void Zero_shot_names_each_learners_start_and_runs_it_after_the_default()
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 120));
        var (exit, output, error) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--time", "600",
            "--max-trials", "4", "--workers", "1", "--trial-timeout", "120", "--ensemble", "0", "--zero-shot", "--deterministic");
        Assert.True(exit == 0, error + output);
        // Numeric and categorical columns, 120 rows: every binary learner has an entry in the embedded table.
        Assert.Contains("Zero-shot starts (tried after each learner's cheap default; benchmark dataset nearest by meta-features):", output);
        foreach (var learner in new[] { "LightGbm", "FastTree", "FastForest", "SdcaLogisticRegression", "LbfgsLogisticRegression" })
            Assert.Matches($"\\n  {learner}: from [a-z0-9-]+ \\(distance [0-9.]+\\)", output);

        var (randomExit, _, randomError) = cli.Run("automl", "--data", data, "--label", "label", "--task", "binary", "--tuner", "random", "--zero-shot", "--max-trials", "1");
        Assert.Equal(2, randomExit);
        Assert.Contains("--zero-shot: starts CFO's search; --tuner is random", randomError);
    }

    [Theory]
    [InlineData("--column", "x1:fancy", "--column: 'x1:fancy': 'fancy' is not a column kind")]
    [InlineData("--column", "nope:text", "no column 'nope' to set the kind of")]
    [InlineData("--task", "ranking", "--task: 'ranking' is not a task")]
    [InlineData("--label", "nope", "Label column 'nope' is not in the data; columns: x1, x2, segment, flag, label")]
    [InlineData("--tuner", "bayes", "--tuner: 'bayes' is not a tuner")]
    [InlineData("--trial-timeout", "0", "--trial-timeout: 0 must be > 0 seconds")]
    [InlineData("--memory-cap", "-5", "--memory-cap: -5 must be > 0 MiB")]
    [InlineData("--ensemble", "1", "--ensemble: 1 must be 0 (off) or >= 2")]
    [InlineData("--ensemble-method", "vote", "--ensemble-method: 'vote' is not one of select, stack, top")]
    [InlineData("--text-features", "words", "--text-features: 'words' is not one of ngrams, embeddings, both")]
    [InlineData("--embedding-model", "all-minilm-l6-v2", "--embedding-model: is only used with --text-features embeddings or both")]
    [InlineData("--validation-groups", "customer", "--validation-groups: 'customer' is neither auto, none nor a column of")]
    [InlineData("--validation-groups", "label", "--validation-groups: 'label' is the label column")]
    public void Input_errors_exit_2_with_one_line(string option, string value, string message)
    {
        using var cli = new CliRunner();
        var data = cli.WriteFile("train.csv", AutoMLTestData.BinaryCsv(rows: 20));
        var args = new Dictionary<string, string> { ["--data"] = data, ["--label"] = "label", ["--task"] = "binary", ["--tuner"] = "cfo" };
        args[option] = value;
        var (exit, _, error) = cli.Run(["automl", .. args.SelectMany(a => new[] { a.Key, a.Value }), "--max-trials", "1"]);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
