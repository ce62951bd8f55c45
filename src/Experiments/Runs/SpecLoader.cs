using MarketLab.Evaluation.AbTesting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MarketLab.Experiments.Runs;

/// <summary>
/// Reads an <see cref="ExperimentSpec"/> from YAML. Every error is a <see cref="SpecException"/> that names the
/// file, the line and column and the dotted key (<c>candidates[0].parameters</c>): unknown keys, wrong types,
/// values out of range, missing required keys and YAML syntax errors alike.
/// </summary>
public static class SpecLoader
{
    private static readonly string[] TopKeys = ["name", "description", "task", "seed", "dataset", "candidates", "evaluation", "output"];
    private static readonly string[] DatasetKeys = ["name", "path", "split", "seed", "parameters"];
    private static readonly string[] CandidateKeys = ["name", "kind", "parameters"];
    private static readonly string[] EvaluationKeys = ["metrics", "covariates", "guardrails", "arm_column", "control", "alpha", "correction", "margin", "contact_cost", "negatives", "history", "resamples", "segments", "segment_join"];
    private static readonly string[] OutputKeys = ["dir", "report"];

    /// <summary>Task names as written in YAML.</summary>
    public static IReadOnlyList<(string Name, ExperimentTask Task)> Tasks { get; } =
    [
        ("ab_test", ExperimentTask.AbTest), ("uplift", ExperimentTask.Uplift), ("text_classification", ExperimentTask.TextClassification),
        ("tabular_classification", ExperimentTask.TabularClassification), ("recommendation", ExperimentTask.Recommendation),
    ];

    /// <summary>Reads a spec file.</summary>
    public static ExperimentSpec Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Spec file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a spec from text; <paramref name="file"/> names it in messages and anchors relative paths.</summary>
    public static ExperimentSpec Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var yaml = new YamlNodes(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SpecException(file, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", e.InnerException?.Message ?? e.Message);
        }
        if (stream.Documents.Count != 1) throw new SpecException(file, 1, 1, "(top level)", $"expected one YAML document; found {stream.Documents.Count}");
        YamlNode root = stream.Documents[0].RootNode;
        var top = yaml.Mapping(root, "", TopKeys);

        string taskName = yaml.RequiredString(top, root, "", "task", $"one of {string.Join(", ", Tasks.Select(t => t.Name))}");
        var task = Tasks.FirstOrDefault(t => t.Name == taskName);
        if (taskName == "ctr")
            throw yaml.Error(top["task"], "task", "'ctr' is not a spec task: click prediction runs as task tabular_classification on dataset "
                + "open_bandit_clicks_men or open_bandit_clicks_women (kind automl), or as marketlab ctr");
        if (task.Name is null) throw yaml.Error(top["task"], "task", $"'{taskName}' is not a task; use one of {string.Join(", ", Tasks.Select(t => t.Name))}");
        int seed = yaml.Int(top, "", "seed") ?? 0;
        string name = yaml.String(top, "", "name") ?? Path.GetFileNameWithoutExtension(file);

        if (!top.TryGetValue("dataset", out var datasetNode)) throw yaml.Error(root, "dataset", "is required (name: a catalog name or synthetic:..., or path: a CSV file)");
        var dataset = Dataset(yaml, datasetNode, seed);
        if (!top.TryGetValue("candidates", out var candidatesNode)) throw yaml.Error(root, "candidates", "is required (a list of {kind, parameters})");
        var candidates = Candidates(yaml, candidatesNode);
        var evaluation = top.TryGetValue("evaluation", out var evaluationNode) ? Evaluation(yaml, evaluationNode) : Evaluation(yaml, new YamlMappingNode());
        var output = top.TryGetValue("output", out var outputNode) ? Output(yaml, outputNode) : new OutputSpec("artifacts", true);
        return new ExperimentSpec(name, yaml.String(top, "", "description"), task.Task, seed, dataset, candidates, evaluation, output, file, text);
    }

    private static DatasetSpec Dataset(YamlNodes yaml, YamlNode node, int seed)
    {
        var map = yaml.Mapping(node, "dataset", DatasetKeys);
        string? name = yaml.String(map, "dataset", "name"), path = yaml.String(map, "dataset", "path");
        if ((name is null) == (path is null))
            throw yaml.Error(node, "dataset", "give exactly one of name (catalog name, example:..., synthetic:...) and path (a CSV file)");
        double split = yaml.Double(map, "dataset", "split", 0, 1, openInterval: true) ?? 0.3;
        return new DatasetSpec(name, path, split, yaml.Int(map, "dataset", "seed") ?? seed, yaml.ScalarMap(map, "dataset", "parameters"));
    }

    private static List<CandidateSpec> Candidates(YamlNodes yaml, YamlNode node)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            throw yaml.Error(node, "candidates", $"expected a non-empty list of candidates; got {YamlNodes.Describe(node)}");
        var candidates = new List<CandidateSpec>();
        for (int i = 0; i < sequence.Children.Count; i++)
        {
            YamlNode item = sequence.Children[i];
            string path = $"candidates[{i}]";
            var map = yaml.Mapping(item, path, CandidateKeys);
            string kind = yaml.RequiredString(map, item, path, "kind", "the candidate's kind, e.g. ab or t_learner");
            string name = yaml.String(map, path, "name") ?? (candidates.Any(c => c.Kind == kind) ? $"{kind}_{i + 1}" : kind);
            if (candidates.Any(c => c.Name == name))
                throw yaml.Error(map.GetValueOrDefault("name") ?? item, $"{path}.name", $"'{name}' is already used by another candidate; names must be unique");
            candidates.Add(new CandidateSpec(name, kind, yaml.ScalarMap(map, path, "parameters"), (int)item.Start.Line, (int)item.Start.Column));
        }
        return candidates;
    }

    private static EvaluationSpec Evaluation(YamlNodes yaml, YamlNode node)
    {
        const string P = "evaluation";
        var map = yaml.Mapping(node, P, EvaluationKeys);
        string correctionName = yaml.String(map, P, "correction") ?? "holm";
        if (!CorrectionMethodNames.TryParse(correctionName, out var correction))
            throw yaml.Error(map["correction"], $"{P}.correction", $"'{correctionName}' is not allowed; use one of {CorrectionMethodNames.Valid}");
        return new EvaluationSpec(
            yaml.StringList(map, P, "metrics"),
            yaml.StringList(map, P, "covariates"),
            yaml.StringList(map, P, "guardrails"),
            yaml.String(map, P, "arm_column") ?? "arm",
            yaml.String(map, P, "control") ?? "control",
            yaml.Double(map, P, "alpha", 0, 1, openInterval: true) ?? 0.05,
            correction,
            yaml.Double(map, P, "margin", 0, double.MaxValue, openInterval: false) ?? 30,
            yaml.Double(map, P, "contact_cost", 0, double.MaxValue, openInterval: false) ?? 0.5)
        {
            Negatives = (int)(yaml.Double(map, P, "negatives", 0, 1e6, openInterval: false) is { } n
                ? n == Math.Floor(n) ? n : throw yaml.Error(map["negatives"], $"{P}.negatives", $"'{n}' is not a whole number")
                : 100),
            History = yaml.String(map, P, "history") switch
            {
                null => null,
                "exclude" => true,
                "keep" => false,
                var other => throw yaml.Error(map["history"], $"{P}.history", $"'{other}' is not one of exclude, keep"),
            },
            SegmentFile = yaml.String(map, P, "segments"),
            SegmentJoin = yaml.String(map, P, "segment_join") is { } join
                ? map.ContainsKey("segments") ? join : throw yaml.Error(map["segment_join"], $"{P}.segment_join", "needs evaluation.segments (the user,segment CSV to join)")
                : map.ContainsKey("segments") ? throw yaml.Error(map["segments"], $"{P}.segments", "needs evaluation.segment_join (the unit log's column holding the user ids)") : null,
            Resamples = (int)(yaml.Double(map, P, "resamples", 2, 1e6, openInterval: false) is { } r
                ? r == Math.Floor(r) ? r : throw yaml.Error(map["resamples"], $"{P}.resamples", $"'{r}' is not a whole number")
                : 1000),
        };
    }

    private static OutputSpec Output(YamlNodes yaml, YamlNode node)
    {
        var map = yaml.Mapping(node, "output", OutputKeys);
        return new OutputSpec(yaml.String(map, "output", "dir") ?? "artifacts", yaml.Bool(map, "output", "report") ?? true);
    }
}
