using MarketLab.Evaluation.AbTesting;
using MarketLab.Experiments.Runs;

namespace MarketLab.Experiments.Tests.Runs;

public class SpecLoaderTests
{
    private const string Valid = """
        name: t
        task: ab_test
        seed: 3
        dataset:
          name: example:ab_units
        candidates:
          - kind: ab
            parameters: {method: bayesian}
        evaluation:
          metrics: [conversion:proportion:converted]
          alpha: 0.1
        """;

    [Fact]
    public void ValidSpecIsRead()
    {
        var spec = SpecLoader.Parse(Valid, "valid.yaml");
        Assert.Equal(ExperimentTask.AbTest, spec.Task);
        Assert.Equal(3, spec.Seed);
        Assert.Equal(3, spec.Dataset.Seed);
        Assert.Equal("ab", Assert.Single(spec.Candidates).Name);
        Assert.Equal("bayesian", spec.Candidates[0].Parameters["method"]);
        Assert.Equal(0.1, spec.Evaluation.Alpha);
        Assert.Equal(64, spec.Sha256.Length);
    }

    [Theory]
    [InlineData("holm", CorrectionMethod.Holm)]
    [InlineData("bh", CorrectionMethod.BenjaminiHochberg)]
    [InlineData("benjamini-hochberg", CorrectionMethod.BenjaminiHochberg)]
    [InlineData("None", CorrectionMethod.None)]
    public void CorrectionTakesTheCliSpellings(string spelling, CorrectionMethod expected)
    {
        // The same table as marketlab ab --correction (CorrectionMethodNames); before, only the CLI knew benjamini-hochberg.
        var spec = SpecLoader.Parse(Valid.Replace("  alpha: 0.1", $"  alpha: 0.1\n  correction: {spelling}"), "c.yaml");
        Assert.Equal(expected, spec.Evaluation.Correction);
        Assert.Equal(CorrectionMethod.Holm, SpecLoader.Parse(Valid, "d.yaml").Evaluation.Correction);
    }

    [Fact]
    public void UnknownCorrectionListsTheValidValues()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Valid.Replace("  alpha: 0.1", "  alpha: 0.1\n  correction: bonferroni"), "c.yaml"));
        Assert.Equal(("evaluation.correction", 12), (e.Key, e.Line));
        Assert.Contains("'bonferroni' is not allowed; use one of holm, bh, benjamini-hochberg, none", e.Message);
    }

    [Fact]
    public void CtrIsNotASpecTaskAndTheErrorSaysWhereClickPredictionLives()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Valid.Replace("task: ab_test", "task: ctr"), "ctr.yaml"));
        Assert.Equal(("task", 2), (e.Key, e.Line));
        Assert.Contains("tabular_classification on dataset open_bandit_clicks_men", e.Message);
        Assert.Contains("marketlab ctr", e.Message);
    }

    [Fact]
    public void UnknownKeyNamesKeyLineAndColumn()
    {
        string text = Valid.Replace("  name: example:ab_units", "  name: example:ab_units\n  sead: 4");
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(text, "spec.yaml"));
        Assert.Equal("dataset.sead", e.Key);
        Assert.Equal(6, e.Line);
        Assert.Equal(3, e.Column);
        Assert.StartsWith("spec.yaml:6:3: dataset.sead: unknown key", e.Message);
        Assert.Contains("allowed: name, path, split, seed, parameters", e.Message);
    }

    [Fact]
    public void UnknownTopLevelKeyIsAnError()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse("candidatez: []\n" + Valid, "top.yaml"));
        Assert.Equal(("candidatez", 1), (e.Key, e.Line));
    }

    [Fact]
    public void WrongTypeNamesKeyAndLine()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Valid.Replace("seed: 3", "seed: three"), "types.yaml"));
        Assert.Equal(("seed", 3), (e.Key, e.Line));
        Assert.Contains("expected an integer; got 'three'", e.Message);
    }

    [Fact]
    public void MappingWhereListExpectedIsAnError()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Valid.Replace("metrics: [conversion:proportion:converted]", "metrics: {a: 1}"), "list.yaml"));
        Assert.Equal(("evaluation.metrics", 10), (e.Key, e.Line));
    }

    [Fact]
    public void OutOfRangeAlphaIsAnError()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Valid.Replace("alpha: 0.1", "alpha: 1.5"), "alpha.yaml"));
        Assert.Equal("evaluation.alpha", e.Key);
        Assert.Contains("outside (0, 1)", e.Message);
    }

    [Fact]
    public void UnknownTaskListsTheTasks()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(Valid.Replace("task: ab_test", "task: abtest"), "task.yaml"));
        Assert.Equal(("task", 2), (e.Key, e.Line));
        Assert.Contains("uplift", e.Message);
    }

    [Fact]
    public void SyntaxErrorNamesTheFile()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse("task: [ab_test\n", "broken.yaml"));
        Assert.StartsWith("broken.yaml:", e.Message);
    }

    [Fact]
    public void DuplicateCandidateNamesAreAnError()
    {
        string text = Valid.Replace("  - kind: ab\n", "  - {kind: ab, name: x}\n  - kind: ab\n    name: x\n");
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(text, "dup.yaml"));
        Assert.Equal("candidates[1].name", e.Key);
    }

    [Fact]
    public void UnknownKindAndParameterAreNamedByTheRegistry()
    {
        var registry = CandidateRegistry.CreateDefault();
        var bert = SpecLoader.Parse(Valid.Replace("- kind: ab", "- kind: bert"), "bert.yaml");
        var e = Assert.Throws<SpecException>(() => registry.Validate(bert));
        Assert.Equal(("candidates[0].kind", 7), (e.Key, e.Line));
        Assert.Contains("kind 'bert' serves task text_classification", e.Message); // registered, but not for an A/B spec

        var parameter = SpecLoader.Parse(Valid.Replace("{method: bayesian}", "{methd: bayesian}"), "param.yaml");
        e = Assert.Throws<SpecException>(() => registry.Validate(parameter));
        Assert.Equal("candidates[0].parameters.methd", e.Key);
        Assert.Contains("allowed: method, cuped", e.Message);
    }

    [Fact]
    public void EverySpecInTheRepositoryIsValid()
    {
        string root = MarketLab.Experiments.Data.SharedDatasets.RepositoryRoot()!;
        var files = Directory.GetFiles(Path.Combine(root, "experiments"), "*.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (string file in files) CandidateRegistry.CreateDefault().Validate(SpecLoader.Load(file));
    }
}
