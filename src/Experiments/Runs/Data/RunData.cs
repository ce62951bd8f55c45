using System.Globalization;
using MarketLab.Experiments.Data;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Data.Sql;
using MarketLab.Experiments.Data.Synthetic;
using MarketLab.Evaluation.Data;
using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Runs.Data;

/// <summary>
/// The data of one run, prepared once from the spec's dataset for its task and shared by every candidate: a per-unit
/// CSV for A/B tests, a seeded train/test split for uplift, text and tabular classification. Which reader runs is the
/// catalog entry's <see cref="DatasetLoader"/> (a spec's <c>dataset.path</c> has none: a CSV), never the dataset's name.
/// Deterministic in the spec, so a resumed run sees the same rows.
/// </summary>
public sealed class RunData
{
    private RunData(ResolvedDataset dataset, string? unitLogPath, UpliftHoldout? uplift, TextHoldout? text = null, TabularHoldout? tabular = null,
        LeaveOneOutSplit? sequences = null)
    {
        Sequences = sequences;
        Dataset = dataset;
        UnitLogPath = unitLogPath;
        Uplift = uplift;
        Text = text;
        Tabular = tabular;
    }

    public ResolvedDataset Dataset { get; }

    /// <summary>A/B tests: the per-unit log.</summary>
    public string? UnitLogPath { get; }

    /// <summary>Uplift: training and held-out rows.</summary>
    public UpliftHoldout? Uplift { get; }

    /// <summary>Text classification: training and held-out sentences.</summary>
    public TextHoldout? Text { get; }

    /// <summary>Tabular classification: training and held-out rows of typed feature columns with a label.</summary>
    public TabularHoldout? Tabular { get; }

    /// <summary>Recommendation: per-user sequences split leave-one-out (last event test, the one before validation).</summary>
    public LeaveOneOutSplit? Sequences { get; }

    /// <summary>Resolves and loads the spec's dataset for its task; generated files go under <paramref name="runDirectory"/>.</summary>
    public static RunData Prepare(ExperimentSpec spec, DatasetCatalog catalog, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(catalog);
        var ds = spec.Dataset;
        if (spec.Task == ExperimentTask.AbTest && SqlSource.IsSourceText(ds.Name))
        {
            // A SQL source (duckdb:PATH or postgres:CONNSTRING): the ab candidate aggregates it in the engine.
            return new RunData(new ResolvedDataset(SqlSource.ForDisplay(ds.Name!), null, null, null, ds.Parameters), null, null);
        }
        ResolvedDataset dataset = ds.Path is { } path
            ? ResolvedDataset.File(spec.ResolvePath(path))
            : catalog.Resolve(ds.Name!, ds.Parameters);
        return spec.Task switch
        {
            ExperimentTask.AbTest => new RunData(dataset, UnitLog(dataset, runDirectory), null),
            ExperimentTask.Uplift => new RunData(dataset, null, UpliftData(dataset, ds, spec)),
            ExperimentTask.TextClassification => new RunData(dataset, null, null, TextData(dataset, ds)),
            ExperimentTask.TabularClassification => new RunData(dataset, null, null, null, TabularData.Load(dataset, ds)),
            ExperimentTask.Recommendation => new RunData(dataset, null, null, null, null, SequenceData(dataset)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Task, "Unknown task."),
        };
    }

    private static LeaveOneOutSplit SequenceData(ResolvedDataset dataset) => dataset.Loader switch
    {
        DatasetLoader.BehaviourSequences => SequenceDatasets.Load(dataset),
        _ => throw new ArgumentException($"Dataset '{dataset.Name}' has no sequence loader (its loader is {LoaderName(dataset)}); use a catalogued "
            + $"behaviour_sequences dataset ({Names(DatasetLoader.BehaviourSequences)})."),
    };

    private static string UnitLog(ResolvedDataset dataset, string runDirectory)
    {
        if (dataset.Loader is DatasetLoader.AbUnitLog && dataset.Generator is not null)
            return Generate(runDirectory, "ab_units.csv", Int(dataset, "units"), Int(dataset, "seed"));
        if (dataset.Loader is DatasetLoader.AbUnitLog && dataset.FilePath is null)
            return Generate(runDirectory, "ab_units.csv", AbUnitLog.DefaultRows, AbUnitLog.DefaultSeed); // same bytes as the shipped file
        if (dataset.Loader is null or DatasetLoader.AbUnitLog && dataset.FilePath is { } file) return file;
        throw new ArgumentException($"Dataset '{dataset.Name}' is not a per-unit A/B log (its loader is {LoaderName(dataset)}); use a CSV path or a catalogued ab_unit_log dataset ({Names(DatasetLoader.AbUnitLog)}).");
    }

    private static string Generate(string runDirectory, string name, int units, int seed)
    {
        string folder = Path.Combine(runDirectory, "data");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        AbUnitLog.Write(path, units, seed);
        return path;
    }

    private static UpliftHoldout UpliftData(ResolvedDataset dataset, DatasetSpec spec, ExperimentSpec experiment)
    {
        var evaluation = experiment.Evaluation;
        switch (dataset.Loader)
        {
            case DatasetLoader.CampaignSimulator:
                if (evaluation.SegmentFile is not null)
                    throw new ArgumentException($"evaluation.segments: the simulated campaign '{dataset.Name}' has no user ids to join; use a Hillstrom-format file with an id column.");
                var campaign = CampaignSimulator.Generate(new CampaignSimulationOptions
                {
                    Customers = Int(dataset, "customers"),
                    Seed = Int(dataset, "seed"),
                    TreatmentShare = double.Parse(dataset.Parameters["treatment_share"], CultureInfo.InvariantCulture),
                    Assignment = dataset.Parameters["assignment"] switch
                    {
                        "randomized" => AssignmentMechanism.Randomized,
                        "feature_dependent" => AssignmentMechanism.FeatureDependent,
                        var other => throw new ArgumentException($"Dataset '{dataset.Name}': assignment '{other}' is not randomized or feature_dependent."),
                    },
                });
                return UpliftHoldout.Create(CampaignFeatures.ToUpliftData(campaign), campaign.TrueEffects(), spec.TestShare, spec.Seed);
            case DatasetLoader.Hillstrom when dataset.FilePath is { } file:
                string outcomeName = dataset.Parameters["outcome"];
                if (!Enum.TryParse<HillstromOutcome>(outcomeName, ignoreCase: true, out var outcome))
                    throw new ArgumentException($"Dataset '{dataset.Name}': outcome '{outcomeName}' is not one of visit, conversion, spend.");
                var data = Hillstrom.Load(dataset.Parameters["treatment"], outcome, file);
                // evaluation.segments: each row's segment by the join column, subsampled and split with the rows.
                IReadOnlyList<string>? segments = evaluation.SegmentFile is { } segmentFile
                    ? Hillstrom.Column(evaluation.SegmentJoin!, dataset.Parameters["treatment"], file)
                        .Select(SegmentAssignments.Read(experiment.ResolvePath(segmentFile)).SegmentOf).ToArray()
                    : null;
                int rows = Int(dataset, "rows");
                if (rows > 0 && rows < data.Count)
                {
                    var sample = UpliftHoldout.Create(data, null, (double)rows / data.Count, spec.Seed + 1, segments);
                    (data, segments) = (sample.Test, sample.TestSegments);
                }
                return UpliftHoldout.Create(data, null, spec.TestShare, spec.Seed, segments);
            default:
                throw new ArgumentException($"Dataset '{dataset.Name}' has no uplift loader (its loader is {LoaderName(dataset)}); use one of {Names(DatasetLoader.Hillstrom, DatasetLoader.CampaignSimulator)}.");
        }
    }

    private static TextHoldout TextData(ResolvedDataset dataset, DatasetSpec spec)
    {
        TextExamples examples;
        switch (dataset.Loader)
        {
            case DatasetLoader.ReviewGenerator:
                examples = ReviewTextGenerator.Generate(Int(dataset, "rows"), Int(dataset, "seed"), Double(dataset, "noise"));
                break;
            case DatasetLoader.TaobaoBehaviour when dataset.FilePath is { } events:
                // The sequence view: each user's events before the cut as "pv c3 cart c3 ..." tokens, labelled by buying afterwards.
                examples = MarketLab.Experiments.Data.Behaviour.TaobaoBehaviour.Load(events, Int(dataset, "label_days"), Int(dataset, "max_events")).Sequences;
                break;
            case DatasetLoader.TextCsv when dataset.FilePath is { } csv:
            {
                // Header CSV files (banking77, Bitext): the text and label columns are catalog parameters; banking77 ships
                // its own test file, used as the held-out part unless test_file is emptied.
                string textColumn = dataset.Parameters["text"], labelColumn = dataset.Parameters["label"];
                var all = TextCsv.Load(csv, textColumn, labelColumn);
                int full = all.Count;
                examples = Sample(all, dataset, spec);
                if (ExistingHeldOutFile(dataset, dataset.Entry!) is { } testPath)
                {
                    var test = TextCsv.Load(testPath, textColumn, labelColumn);
                    int rows = Int(dataset, "rows");
                    if (rows > 0 && full > rows) // the test file is sampled in the same proportion as the training file
                        test = test.Subset(test.StratifiedSplit(Math.Clamp((double)rows / full, 1e-9, 1 - 1e-9), spec.Seed + 2).Test);
                    return new TextHoldout(examples, test);
                }
                break;
            }
            case DatasetLoader.SentimentLines or DatasetLoader.SentimentTsv when dataset.FilePath is { } file && File.Exists(file):
            {
                // UCI files have no header; SST-2's TSV has one. Both are read with quoting off. SST-2's test_file (GLUE's
                // dev.tsv) is the held-out part when a spec names it, used whole: only the training file is sampled.
                bool header = dataset.Loader == DatasetLoader.SentimentTsv;
                examples = Sample(SentimentText.Load(file, header), dataset, spec);
                if (ExistingHeldOutFile(dataset, dataset.Entry!) is { } testPath) return new TextHoldout(examples, SentimentText.Load(testPath, header));
                break;
            }
            default:
                throw new ArgumentException($"Dataset '{dataset.Name}' has no text loader (its loader is {LoaderName(dataset)}); use a catalogued dataset read by "
                    + $"{Names(DatasetLoader.SentimentLines, DatasetLoader.SentimentTsv, DatasetLoader.TextCsv, DatasetLoader.ReviewGenerator, DatasetLoader.TaobaoBehaviour)}.");
        }
        return TextHoldout.Create(examples, spec.TestShare, spec.Seed);
    }

    /// <summary>
    /// The file a catalogued text dataset's held-out rows come from when its <c>test_file</c> parameter is set (a name
    /// beside the training file); null when the held-out part is split from the training file.
    /// </summary>
    public static string? HeldOutFile(ResolvedDataset dataset) =>
        dataset.Entry is { Task: DatasetTask.TextClassification } && dataset.FilePath is { } file
        && dataset.Parameters.GetValueOrDefault("test_file") is { Length: > 0 } testFile
            ? Path.Combine(Path.GetDirectoryName(file)!, testFile) : null;

    /// <summary><see cref="HeldOutFile"/>, which must exist when set; the error names the file and where to get it.</summary>
    private static string? ExistingHeldOutFile(ResolvedDataset dataset, DatasetEntry entry)
    {
        string? path = HeldOutFile(dataset);
        if (path is not null && !File.Exists(path))
            throw new FileNotFoundException($"Dataset '{entry.Name}': the test file {path} is missing. Download it from {entry.Source}.", path);
        return path;
    }

    /// <summary>A stratified sample of <c>rows</c> sentences when the dataset's <c>rows</c> parameter is positive and smaller than the file.</summary>
    private static TextExamples Sample(TextExamples examples, ResolvedDataset dataset, DatasetSpec spec)
    {
        int rows = dataset.Parameters.ContainsKey("rows") ? Int(dataset, "rows") : 0;
        return rows > 0 && rows < examples.Count ? examples.Subset(examples.StratifiedSplit((double)rows / examples.Count, spec.Seed + 1).Test) : examples;
    }

    /// <summary>The loader's catalog spelling, or "a file path".</summary>
    internal static string LoaderName(ResolvedDataset dataset) => dataset.Loader is { } loader ? DatasetCatalog.Snake(loader) : "none (a file path)";

    /// <summary>The catalog's datasets and generators read by these loaders, for error messages.</summary>
    internal static string Names(params DatasetLoader[] loaders)
    {
        var catalog = DatasetCatalog.Default;
        var names = catalog.Datasets.Where(d => loaders.Contains(d.Loader)).Select(d => d.Name)
            .Concat(catalog.Generators.Where(g => loaders.Contains(g.Loader)).Select(g => g.Name));
        return string.Join(", ", names);
    }

    private static double Double(ResolvedDataset dataset, string key) =>
        double.TryParse(dataset.Parameters[key], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
        : throw new ArgumentException($"Dataset '{dataset.Name}': parameter {key} = '{dataset.Parameters[key]}' is not a number.");

    private static int Int(ResolvedDataset dataset, string key) =>
        int.TryParse(dataset.Parameters[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0 ? v
        : throw new ArgumentException($"Dataset '{dataset.Name}': parameter {key} = '{dataset.Parameters[key]}' is not a non-negative integer.");
}
