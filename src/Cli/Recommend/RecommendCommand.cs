using System.CommandLine;
using System.Globalization;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Catalog;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Cli.Recommend;

/// <summary>
/// <c>marketlab recommend</c>: next-item recommendation on a behaviour log (a catalogued name or a file): popularity,
/// first-order Markov, SASRec, BERT4Rec and the LightGBM re-ranker, ranked leave-one-out or after a time cut, under the sampled protocol and full ranking, with bootstrap
/// intervals over users and paired tests of the last model against the others.
/// </summary>
internal static class RecommendCommand
{
    private const int InputError = 2;

    private static readonly Argument<string> Log = new("log") { Description = "A catalogued dataset (amazon_games_sasrec, taobao_sequences) or the path of a log file." };
    private static readonly Option<string?> Format = new("--format") { Description = "For a file: pairs ('user item' lines in time order) or taobao (user,item,category,behaviour,timestamp)." };
    private static readonly Option<string> Items = new("--items") { Description = "training (items seen in training are candidates) or all (every item of the log, as the SASRec code).", DefaultValueFactory = _ => "" };
    private static readonly Option<string> Target = new("--target") { Description = "item, category or behaviour (Taobao): what the sequence predicts.", DefaultValueFactory = _ => "item" };
    private static readonly Option<string> History = new("--history") { Description = "exclude or keep the history's items in full ranking (default: exclude for items, keep for category and behaviour).", DefaultValueFactory = _ => "" };
    private static readonly Option<string> Models = new("--models") { Description = "Comma-separated: popularity, markov, sasrec, bert4rec, reranker (the last is compared with the others).", DefaultValueFactory = _ => "popularity,markov,sasrec" };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "SASRec epochs.", DefaultValueFactory = _ => new SasRecOptions().Epochs };
    private static readonly Option<string> Loss = new("--loss") { Description = "SASRec objective: bce (one sampled negative per position, as the paper), ce (softmax cross-entropy over all items, Klenitskiy & Vasilev 2023) or sampled-ce (softmax over the target and --train-negatives uniform items shared by a batch).", DefaultValueFactory = _ => "bce" };
    private static readonly Option<int> TrainNegatives = new("--train-negatives") { Description = "Negatives per batch for --loss sampled-ce.", DefaultValueFactory = _ => 256 };
    private static readonly Option<string> Side = new("--side") { Description = "SASRec side embeddings added to each input event (Taobao): none, category, behaviour or category,behaviour.", DefaultValueFactory = _ => "none" };
    private static readonly Option<bool> SideBaseline = new("--side-baseline") { Description = "With --side: also fit plain SASRec just before it, so the paired tests include with − without side embeddings." };
    private static readonly Option<int> MaxLength = new("--max-length") { Description = "SASRec maximum sequence length.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> Negatives = new("--negatives") { Description = "Sampled negatives per user (0: full ranking only, e.g. for --target behaviour).", DefaultValueFactory = _ => 100 };
    private static readonly Option<int> Resamples = new("--resamples") { Description = "Bootstrap resamples over users.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the negatives, SASRec and the bootstrap.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Torch intra-op threads (default: torch's)." };
    private static readonly Option<string> Device = new("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> Split = new("--split") { Description = "loo (leave-one-out: last item test, the one before validation) or time (events before --cut train, each user's first event after it is the test item; needs timestamps).", DefaultValueFactory = _ => "loo" };
    private static readonly Option<string?> Cut = new("--cut") { Description = "With --split time: an ISO 8601 instant (2017-12-02T00:00:00Z) or a fraction of the events in (0, 1), e.g. 0.8." };
    private static readonly Option<double> RerankSeconds = new("--rerank-seconds") { Description = "Re-ranker: wall time of the AutoML search over LightGBM settings.", DefaultValueFactory = _ => 30 };
    private static readonly Option<int?> RerankTrials = new("--rerank-trials") { Description = "Re-ranker: stop the search after this many trials (reproducible: the tuner then sees a deterministic cost)." };
    private static readonly Option<double> WeightDecay = new("--weight-decay") { Description = "SASRec: decoupled (AdamW) weight decay on all weights but biases and LayerNorms; 0 = the paper's Adam.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> ValidateEvery = new("--validate-every") { Description = "SASRec and BERT4Rec: validation Hit@10 / NDCG@10 every N epochs (and at the last).", DefaultValueFactory = _ => 5 };
    private static readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Folder for SASRec's and BERT4Rec's per-epoch checkpoints (each its own files); a rerun with the same folder resumes." };

    public static Command Create()
    {
        var command = new Command("recommend", "Next-item recommendation on a behaviour log: popularity, Markov, SASRec, BERT4Rec and the LightGBM re-ranker (leave-one-out or a time split) with Hit@k, NDCG@k, MRR (sampled and full ranking) and bootstrap intervals.");
        command.Arguments.Add(Log);
        command.Subcommands.Add(PropensityCommand.Create());
        foreach (Option option in new Option[] { Format, Items, Target, History, Models, Epochs, Loss, TrainNegatives, Side, SideBaseline, MaxLength, Negatives, Resamples, Seed, Threads, Device, WeightDecay, ValidateEvery, Checkpoint, Split, Cut, RerankSeconds, RerankTrials }) command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return Execute(parseResult, output, error);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                error.WriteLine($"marketlab recommend: {e.Message}");
                return InputError;
            }
            catch (Exception e)
            {
                error.WriteLine($"marketlab recommend: unexpected {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter output, TextWriter error)
    {
        string log = parse.GetValue(Log)!;
        string items = parse.GetValue(Items)!;
        var target = SequenceDatasets.ParseTarget(parse.GetValue(Target)!);
        bool excludeHistory = parse.GetValue(History) switch
        {
            "" => target == SequenceTarget.Item,
            "exclude" => true,
            "keep" => false,
            var other => throw new ArgumentException($"--history: '{other}' is not one of exclude, keep."),
        };
        TimeCut? cut = parse.GetValue(Split) switch
        {
            "loo" or "leave-one-out" => parse.GetValue(Cut) is null ? null : throw new ArgumentException("--cut applies to --split time."),
            "time" => TimeCut.Parse(parse.GetValue(Cut) ?? throw new ArgumentException("--split time needs --cut: an ISO 8601 instant or a fraction of the events, e.g. 0.8.")),
            var other => throw new ArgumentException($"--split: '{other}' is not one of loo, time."),
        };
        LeaveOneOutSplit split;
        if (DatasetCatalog.Default.Find(log) is not null)
        {
            if (parse.GetValue(Format) is not null) throw new ArgumentException($"--format applies to files; '{log}' is catalogued with its own format.");
            var extra = new Dictionary<string, string> { ["target"] = parse.GetValue(Target)! };
            if (items.Length > 0) extra["items"] = items;
            if (cut is not null) (extra["split"], extra["cut"]) = ("time", cut.Text);
            split = SequenceDatasets.Load(DatasetCatalog.Default.Resolve(log, extra));
        }
        else
        {
            string format = parse.GetValue(Format) ?? throw new ArgumentException($"'{log}' is not a catalogued dataset; give --format pairs or taobao for a file.");
            split = SequenceDatasets.Load(log, SequenceDatasets.ParseFormat(format), 1, items.Length > 0 ? SequenceDatasets.ParseCatalog(items) : ItemCatalog.TrainingItems, target, cut);
        }
        if (split.Time is { } time) error.WriteLine(time.ToString());
        var models = parse.GetValue(Models)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => m switch
        {
            "popularity" => RecommenderKind.Popularity,
            "markov" => RecommenderKind.Markov,
            "sasrec" => RecommenderKind.SasRec,
            "bert4rec" => RecommenderKind.Bert4Rec,
            "reranker" => RecommenderKind.Reranker,
            _ => throw new ArgumentException($"--models: '{m}' is not one of popularity, markov, sasrec, bert4rec, reranker."),
        }).ToArray();
        int seed = parse.GetValue(Seed);
        var device = parse.GetValue(Device) switch
        {
            "auto" => TorchDevicePreference.Auto,
            "cpu" => TorchDevicePreference.Cpu,
            "cuda" => TorchDevicePreference.Cuda,
            var other => throw new ArgumentException($"--device: '{other}' is not one of auto, cpu, cuda."),
        };
        var loss = SasRecLossNames.Parse(parse.GetValue(Loss)!, "--loss");
        double rerankSeconds = parse.GetValue(RerankSeconds);
        if (!(rerankSeconds > 0)) throw new ArgumentException($"--rerank-seconds: {rerankSeconds} must be > 0.");
        if (parse.GetValue(RerankTrials) is < 1) throw new ArgumentException($"--rerank-trials: {parse.GetValue(RerankTrials)} must be >= 1.");
        SasRecSide side;
        try { side = SasRecSideSyntax.Parse(parse.GetValue(Side)!); }
        catch (ArgumentException e) { throw new ArgumentException($"--side: {e.Message}"); }
        var request = new RecommendationRequest(split, models)
        {
            Negatives = parse.GetValue(Negatives),
            ExcludeHistory = excludeHistory,
            Seed = seed,
            CompareSide = parse.GetValue(SideBaseline) ? (side != SasRecSide.None ? true : throw new ArgumentException("--side-baseline needs --side category, behaviour or category,behaviour.")) : false,
            Evaluation = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = parse.GetValue(Resamples), Method = BootstrapMethod.Percentile, Seed = seed } },
            SasRec = new SasRecOptions
            {
                Epochs = parse.GetValue(Epochs), MaxLength = parse.GetValue(MaxLength), Seed = seed, Loss = loss, TrainingNegatives = parse.GetValue(TrainNegatives), Side = side,
                Runtime = new TorchRuntimeOptions(device, parse.GetValue(Threads)), CheckpointDirectory = parse.GetValue(Checkpoint),
                WeightDecay = parse.GetValue(WeightDecay) is var wd && wd >= 0 && double.IsFinite(wd) ? wd : throw new ArgumentException($"--weight-decay: {wd} must be >= 0."),
            },
            ValidateEvery = parse.GetValue(ValidateEvery) is var every && every >= 1 ? every : throw new ArgumentException($"--validate-every: {every} must be >= 1."),
            Bert4Rec = new MarketLab.Experiments.Recommendation.Bert4Rec.Bert4RecOptions
            {
                Epochs = parse.GetValue(Epochs), MaxLength = parse.GetValue(MaxLength), Seed = seed,
                Runtime = new TorchRuntimeOptions(device, parse.GetValue(Threads)), CheckpointDirectory = parse.GetValue(Checkpoint),
            },
            Reranker = new MarketLab.Experiments.Recommendation.Rerank.RerankerOptions
            {
                TimeBudget = TimeSpan.FromSeconds(rerankSeconds), MaxTrials = parse.GetValue(RerankTrials), Seed = seed,
            },
        };
        var result = RecommendationWorkflow.Run(request, line => error.WriteLine(line));
        RecommendationTable.Write(result, output);
        return 0;
    }
}
