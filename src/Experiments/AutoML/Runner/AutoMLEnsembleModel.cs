using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>
/// A saved ensemble (top-k, selected or stacked, <see cref="EnsembleCandidate"/>): each member a complete ML.NET pipeline (featurizer and trainer, refitted on all
/// training rows) in its own <c>member-i.zip</c>, listed with its weight in <c>ensemble.json</c>; it predicts the
/// weighted mean of the members' calibrated probabilities (binary, <see cref="PredictProbabilities"/>, as
/// <see cref="EnsembleCandidate.PredictProbabilities"/> does in the search's process) or of their class probability
/// vectors (multiclass, <see cref="PredictClassProbabilities"/>). One folder is the model: <see cref="Load"/> in any process scores identically.
/// </summary>
public sealed class AutoMLEnsembleModel
{
    /// <summary>The description file in an ensemble folder.</summary>
    public const string DescriptionFile = "ensemble.json";

    private readonly IReadOnlyList<ITransformer> _members;

    private AutoMLEnsembleModel(IReadOnlyList<ITransformer> members, IReadOnlyList<double> weights, DataViewSchema inputSchema, LogisticStacker? stacker = null)
    {
        _members = members;
        Weights = weights;
        InputSchema = inputSchema;
        Stacker = stacker;
    }

    /// <summary>Each member's weight: in the mean (they sum to 1), or the stacker's coefficient on its logit.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The logistic meta-learner of a stacked ensemble; null when the ensemble averages probabilities.</summary>
    public LogisticStacker? Stacker { get; }

    /// <summary>The columns the members read (the training data's schema).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Whether <paramref name="directory"/> holds a saved ensemble.</summary>
    public static bool IsEnsemble(string directory) => File.Exists(Path.Combine(directory, DescriptionFile));

    /// <summary>Writes the members and <c>ensemble.json</c> (members, weights, and <paramref name="details"/>) to <paramref name="directory"/>.</summary>
    internal static string Save(MLContext ml, IReadOnlyList<ITransformer> members, IReadOnlyList<double> weights, DataViewSchema inputSchema, string directory,
        IReadOnlyDictionary<string, object?> details, LogisticStacker? stacker = null)
    {
        if (members.Count < 2) throw new ArgumentException($"An ensemble needs at least two members; got {members.Count}.", nameof(members));
        if (weights.Count != members.Count) throw new ArgumentException($"{weights.Count} weights for {members.Count} members.", nameof(weights));
        Directory.CreateDirectory(directory);
        var files = new List<object>();
        for (var i = 0; i < members.Count; i++)
        {
            var file = $"member-{i}.zip";
            AutoMLModelFile.Save(ml, members[i], inputSchema, Path.Combine(directory, file));
            files.Add(new Dictionary<string, object> { ["file"] = file, ["weight"] = weights[i] });
        }

        var description = new Dictionary<string, object?>(details) { ["combine"] = stacker is null ? "mean_probability" : "logistic_stack", ["members"] = files };
        if (stacker is not null) description["intercept"] = stacker.Intercept;
        if (stacker?.ClassIntercepts is { } classIntercepts) description["class_intercepts"] = classIntercepts;
        var path = Path.Combine(directory, DescriptionFile);
        File.WriteAllText(path, JsonSerializer.Serialize(description, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Loads an ensemble folder written by <see cref="AutoMLExperiment.SaveEnsemble"/>.</summary>
    /// <exception cref="InvalidDataException">The description is unreadable or names a missing member (the file is named).</exception>
    public static AutoMLEnsembleModel Load(MLContext ml, string directory)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var path = Path.Combine(directory, DescriptionFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{directory} holds no {DescriptionFile}: not a saved AutoML ensemble.", path);
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        if (!root.TryGetProperty("members", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() < 2)
            throw new InvalidDataException($"{path}: 'members' must list at least two member files.");
        var members = new List<ITransformer>();
        var weights = new List<double>();
        DataViewSchema? schema = null;
        foreach (var member in list.EnumerateArray())
        {
            var file = Path.Combine(directory, member.GetProperty("file").GetString() ?? "");
            if (!File.Exists(file)) throw new InvalidDataException($"{path}: member file {file} is missing.");
            members.Add(AutoMLModelFile.Load(ml, file, out var inputSchema));
            schema ??= inputSchema;
            weights.Add(member.GetProperty("weight").GetDouble());
        }

        var combine = root.TryGetProperty("combine", out var c) ? c.GetString() : "mean_probability";
        LogisticStacker? stacker = combine switch
        {
            "mean_probability" => null,
            "logistic_stack" => new LogisticStacker(root.TryGetProperty("intercept", out var b) ? b.GetDouble() : throw new InvalidDataException($"{path}: a logistic_stack needs 'intercept'."), weights)
            {
                ClassIntercepts = root.TryGetProperty("class_intercepts", out var ci) && ci.ValueKind == JsonValueKind.Array ? [.. ci.EnumerateArray().Select(v => v.GetDouble())] : null,
            },
            _ => throw new InvalidDataException($"{path}: 'combine' is '{combine}'; expected mean_probability or logistic_stack."),
        };
        return new AutoMLEnsembleModel(members, weights, schema!, stacker);
    }

    /// <summary>Whether the members are multiclass classifiers (a class score vector each) rather than binary ones.</summary>
    public bool IsMulticlass => _members[0].GetOutputSchema(InputSchema).GetColumnOrNull("Score") is { Type: VectorDataViewType };

    /// <summary>
    /// Multiclass: the weighted mean of the members' class probabilities on <paramref name="data"/>, one vector per row,
    /// in the order of <c>Classes</c> (the label values, as the members' key mapping learnt them on the training rows).
    /// </summary>
    /// <exception cref="InvalidOperationException">The ensemble is binary, or its members disagree on the classes.</exception>
    public (IReadOnlyList<string> Classes, float[][] Probabilities) PredictClassProbabilities(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsMulticlass) throw new InvalidOperationException("This ensemble is binary: use PredictProbabilities.");
        string[]? classes = null;
        var mean = new List<float[]>();
        var columns = new List<float[]>(); // a stacked ensemble's member probabilities, Fold layout (row · width + class)
        for (var m = 0; m < _members.Count; m++)
        {
            var scored = _members[m].Transform(data);
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            scored.Schema["Score"].GetSlotNames(ref names);
            var memberClasses = names.DenseValues().Select(n => n.ToString()).ToArray();
            classes ??= memberClasses;
            if (!classes.SequenceEqual(memberClasses))
                throw new InvalidOperationException($"Ensemble member {m} orders its {memberClasses.Length} classes differently from member 0; refit the ensemble.");
            var row = 0;
            var column = new List<float>();
            foreach (var score in scored.GetColumn<VBuffer<float>>("Score"))
            {
                if (Stacker is not null)
                {
                    column.AddRange(score.DenseValues());
                    continue;
                }

                if (m == 0) mean.Add(new float[classes.Length]);
                var target = mean[row++];
                var c = 0;
                foreach (var value in score.DenseValues()) target[c++] += (float)(value * Weights[m]);
            }

            columns.Add([.. column]);
        }

        if (Stacker is { } stacker)
        {
            if (stacker.ClassIntercepts?.Count != classes!.Length)
                throw new InvalidOperationException($"The ensemble's stacker has {stacker.ClassIntercepts?.Count ?? 0} class intercepts for {classes!.Length} classes.");
            var rows = columns[0].Length / classes.Length;
            return (classes, [.. Enumerable.Range(0, rows).Select(i => stacker.PredictClasses(columns, i).Select(p => (float)p).ToArray())]);
        }

        return (classes!, mean.ToArray());
    }

    /// <summary>Multiclass: the class of the highest mean probability for each row of <paramref name="data"/> (ties to the first class).</summary>
    public string[] PredictLabels(IDataView data) => [.. PredictTopClasses(data).Select(t => t.Label)];

    /// <summary>Multiclass: per row the class of the highest mean probability (the first on ties) and that probability.</summary>
    /// <exception cref="InvalidOperationException">The ensemble is binary.</exception>
    public (string Label, float Probability)[] PredictTopClasses(IDataView data)
    {
        var (classes, probabilities) = PredictClassProbabilities(data);
        return [.. probabilities.Select(p => ArgMax(p) is var best ? (classes[best], p[best]) : default)];
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>The weighted mean of the members' probabilities on <paramref name="data"/> (or the stacker's probability), one per row.</summary>
    /// <exception cref="InvalidOperationException">The ensemble is multiclass (use <see cref="PredictClassProbabilities"/>).</exception>
    public float[] PredictProbabilities(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (IsMulticlass) throw new InvalidOperationException("This ensemble is multiclass: use PredictClassProbabilities or PredictLabels.");
        if (Stacker is { } stacker)
        {
            var columns = _members.Select(m => (IReadOnlyList<double>)[.. m.Transform(data).GetColumn<float>("Probability").Select(p => (double)p)]).ToArray();
            var stacked = new float[columns[0].Count];
            for (var i = 0; i < stacked.Length; i++) stacked[i] = (float)stacker.Predict(columns, i);
            return stacked;
        }

        float[]? mean = null;
        for (var m = 0; m < _members.Count; m++)
        {
            var p = _members[m].Transform(data).GetColumn<float>("Probability").ToArray();
            mean ??= new float[p.Length];
            for (var i = 0; i < p.Length; i++) mean[i] += (float)(p[i] * Weights[m]);
        }

        return mean!;
    }

    /// <summary>Wraps fitted members and their weights without saving them.</summary>
    internal static AutoMLEnsembleModel FromMembers(IReadOnlyList<ITransformer> members, IReadOnlyList<double> weights, DataViewSchema inputSchema, LogisticStacker? stacker = null) =>
        new(members, weights, inputSchema, stacker);
}
