using System.Globalization;
using MarketLab.Evaluation.Bootstrap;
using MarketLab.Evaluation.Ranking;
using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Data.Sequences;
using MarketLab.Experiments.Recommendation;
using MarketLab.Experiments.Recommendation.Bert4Rec;
using MarketLab.Experiments.Recommendation.Rerank;
using MarketLab.Experiments.Recommendation.SasRec;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// A next-item recommender as a spec candidate (<c>kind: popularity | markov | sasrec | bert4rec | reranker</c>): an adapter over
/// <see cref="RecommendationWorkflow.Run"/>, the entry point <c>marketlab recommend</c> calls. The ranking protocol
/// (negatives, history, bootstrap) comes from the spec's <c>evaluation</c> section and its seed, so every candidate of
/// a run is ranked against the same negatives and can be paired user by user; the model's own seed is the candidate's.
/// </summary>
internal sealed class RecommenderCandidate(RecommenderKind model) : ICandidateRunner
{
    /// <summary>The kinds, one per recommender.</summary>
    public static readonly IReadOnlyList<RecommenderKind> Models = [RecommenderKind.Popularity, RecommenderKind.Markov, RecommenderKind.SasRec, RecommenderKind.Bert4Rec, RecommenderKind.Reranker];

    /// <summary>The metric the leaderboard ranks by: NDCG@10 under full ranking (sampled metrics can mislead; Krichene &amp; Rendle 2020).</summary>
    public const string Primary = "full.ndcg@10";

    /// <summary>The SASRec loss chart's name.</summary>
    public const string LossChart = "Recommender training loss";

    public string Kind { get; } = KindName(model);
    public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.Recommendation];

    public IReadOnlyCollection<string> Parameters { get; } = model switch
    {
        RecommenderKind.SasRec => ["epochs", "max_length", "hidden", "batch_size", "learning_rate", "weight_decay", "loss", "train_negatives", "threads", "device", "side"],
        RecommenderKind.Bert4Rec => ["epochs", "max_length", "hidden", "batch_size", "learning_rate", "threads", "device"],
        RecommenderKind.Reranker => ["seconds", "trials", "hard_negatives", "uniform_negatives", "shortlist"],
        _ => [],
    };

    /// <summary>The kind name of a recommender (<c>sasrec</c>, …).</summary>
    public static string KindName(RecommenderKind kind) => kind.ToString().ToLowerInvariant();

    public Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        LeaveOneOutSplit split = context.Data.Sequences ?? throw new InvalidOperationException("A recommendation run prepares sequences.");
        var spec = context.Spec;
        var request = Request(context, split);
        var epochs = new List<double>();
        var losses = new List<double>();
        var result = RecommendationWorkflow.Run(request, line =>
        {
            // Per-epoch lines become progress (plain lines when the output is not a terminal).
            if (TryEpoch(line, out int epoch, out int total)) context.Progress?.Report(new CandidateProgress(line, epoch / (double)total));
        }, cancellationToken);
        foreach (var p in result.SasRecEpochs)
        {
            epochs.Add(p.Epoch);
            losses.Add(p.Loss);
        }

        var summary = result.Models[0];
        var outcomes = result.Outcomes[0];
        var ranking = new RecommenderRanking(result.Users, result.Items, result.Negatives, request.ListLength,
            summary.Sampled.Select(RankingFigure.Of).ToList(), summary.Full.Select(RankingFigure.Of).ToList(), summary.Coverage, summary.PopularityBias,
            result.Negatives > 0 ? RankOutcomes.Of(outcomes.Sampled) : null, RankOutcomes.Of(outcomes.Full));
        var outcome = new CandidateOutcome { PrimaryMetric = Primary, Ranking = ranking, Cost = new CandidateCost(summary.TrainSeconds, null, null) };
        foreach (var f in ranking.Sampled) outcome.Metrics[$"sampled.{f.Metric.ToLowerInvariant()}"] = f.Estimate;
        foreach (var f in ranking.Full) outcome.Metrics[$"full.{f.Metric.ToLowerInvariant()}"] = f.Estimate;
        outcome.Metrics[$"coverage@{request.ListLength}"] = summary.Coverage;
        outcome.Metrics[$"popularity_bias@{request.ListLength}"] = summary.PopularityBias;
        outcome.Metrics["users"] = result.Users;
        outcome.Metrics["items"] = result.Items;
        if (losses.Count > 0) outcome.Curves.Add(new CurveSeries(LossChart, context.Candidate.Name, "epoch", "training loss", epochs, losses));
        string unknown = result.UnknownTargets > 0 ? FormattableString.Invariant($" ({result.UnknownTargets:N0} test items never occur in training: a miss for every recommender)") : "";
        outcome.Notes.Add(FormattableString.Invariant($"{result.Users:N0} users{unknown}, {result.Items:N0} candidate items; fitted in {summary.TrainSeconds:F1} s."));
        outcome.Notes.AddRange(result.Notes);
        return Task.FromResult(outcome);
    }

    private RecommendationRequest Request(CandidateContext context, LeaveOneOutSplit split)
    {
        var evaluation = context.Spec.Evaluation;
        int runSeed = context.Spec.Seed;
        bool itemTarget = !context.Data.Dataset.Parameters.TryGetValue("target", out var target) || target == "item";
        var device = (context.Parameter("device") ?? "auto") switch
        {
            "auto" => TorchDevicePreference.Auto,
            "cpu" => TorchDevicePreference.Cpu,
            "cuda" => TorchDevicePreference.Cuda,
            var other => throw new ArgumentException($"Candidate '{context.Candidate.Name}': device '{other}' is not one of auto, cpu, cuda."),
        };
        // One intra-op thread by default: the same spec and seed then give the same metrics on one CPU.
        var runtime = new TorchRuntimeOptions(device, context.IntParameter("threads", 1, 1));
        var sasrec = new SasRecOptions();
        var bert4rec = new Bert4RecOptions();
        var reranker = new RerankerOptions();
        // A trial budget makes the re-ranker's search reproducible; the time budget then only guards against a runaway.
        int? trials = context.Parameter("trials") is null ? null : context.IntParameter("trials", 1, 1);
        return new RecommendationRequest(split, [model])
        {
            Negatives = evaluation.Negatives,
            ExcludeHistory = evaluation.History ?? itemTarget,
            Seed = runSeed,
            Evaluation = new RankingEvaluationOptions { Bootstrap = new BootstrapOptions { Resamples = evaluation.Resamples, Method = BootstrapMethod.Percentile, Seed = runSeed } },
            SasRec = sasrec with
            {
                Epochs = context.IntParameter("epochs", sasrec.Epochs, 1), MaxLength = context.IntParameter("max_length", sasrec.MaxLength, 1),
                Hidden = context.IntParameter("hidden", sasrec.Hidden, 1), BatchSize = context.IntParameter("batch_size", sasrec.BatchSize, 1),
                LearningRate = context.DoubleParameter("learning_rate", sasrec.LearningRate), Seed = context.Seed, Runtime = runtime,
                WeightDecay = context.DoubleParameter("weight_decay", sasrec.WeightDecay),
                Loss = context.Parameter("loss") is string loss ? SasRecLossNames.Parse(loss, $"Candidate '{context.Candidate.Name}': loss") : sasrec.Loss,
                TrainingNegatives = context.IntParameter("train_negatives", sasrec.TrainingNegatives, 1),
                Side = Side(context),
                CheckpointDirectory = Path.Combine(context.ArtifactsDirectory, $"sasrec-{context.Candidate.Name}"),
            },
            Bert4Rec = bert4rec with
            {
                Epochs = context.IntParameter("epochs", bert4rec.Epochs, 1), MaxLength = context.IntParameter("max_length", bert4rec.MaxLength, 1),
                Hidden = context.IntParameter("hidden", bert4rec.Hidden, 1), BatchSize = context.IntParameter("batch_size", bert4rec.BatchSize, 1),
                LearningRate = context.DoubleParameter("learning_rate", bert4rec.LearningRate), Seed = context.Seed, Runtime = runtime,
            },
            Reranker = reranker with
            {
                TimeBudget = TimeSpan.FromSeconds(context.DoubleParameter("seconds", reranker.TimeBudget.TotalSeconds)), MaxTrials = trials,
                HardNegatives = context.IntParameter("hard_negatives", reranker.HardNegatives, 0), UniformNegatives = context.IntParameter("uniform_negatives", reranker.UniformNegatives, 0),
                Shortlist = context.IntParameter("shortlist", reranker.Shortlist, 1), Seed = context.Seed,
            },
        };
    }

    // The spec parameter side: none (default), category, behaviour or category,behaviour (SASRec only).
    private static SasRecSide Side(CandidateContext context)
    {
        try { return SasRecSideSyntax.Parse(context.Parameter("side") ?? "none"); }
        catch (ArgumentException e) { throw new ArgumentException($"Candidate '{context.Candidate.Name}': {e.Message}"); }
    }

    private static bool TryEpoch(string line, out int epoch, out int total)
    {
        epoch = total = 0;
        int at = line.IndexOf(" epoch ", StringComparison.Ordinal);
        if (at < 0) return false;
        string rest = line[(at + 7)..];
        int slash = rest.IndexOf('/'), colon = rest.IndexOf(':');
        return slash > 0 && colon > slash
            && int.TryParse(rest[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture, out epoch)
            && int.TryParse(rest[(slash + 1)..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out total) && total > 0;
    }
}
