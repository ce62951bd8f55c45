using System.Globalization;
using MarketLab.Experiments.Uplift;
using Microsoft.ML;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// <c>kind: s_learner | t_learner | x_learner | class_transformation</c>: fits the meta-learner on the training
/// rows and scores the held-out rows (<see cref="UpliftEvaluation.Evaluate"/> through <see cref="UpliftOutcome"/>). Parameters: <c>base</c> (lightgbm,
/// fasttree, logistic), <c>trees</c>, <c>leaves</c>, <c>learning_rate</c>, <c>min_leaf</c> (tree learners).
/// </summary>
internal sealed class UpliftCandidate(string kind) : ICandidateRunner
{
    public static readonly string[] Learners = ["s_learner", "t_learner", "x_learner", "class_transformation"];

    public string Kind { get; } = kind;
    public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.Uplift];
    public IReadOnlyCollection<string> Parameters { get; } = ["base", "trees", "leaves", "learning_rate", "min_leaf"];

    public Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new UpliftLearnerOptions { Outcome = Base(context), Seed = context.Seed };
        var catalog = new MLContext(context.Seed).Uplift();
        IUpliftLearner learner = Kind switch
        {
            "s_learner" => catalog.SLearner(options),
            "t_learner" => catalog.TLearner(options),
            "x_learner" => catalog.XLearner(options),
            _ => catalog.ClassTransformation(options),
        };
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = UpliftOutcome.Evaluate(context, UpliftContender.Fitting(learner, context.Candidate.Name));
        return Task.FromResult(outcome);
    }

    private static BaseLearner Base(CandidateContext context)
    {
        int trees = context.IntParameter("trees", 100, 1), leaves = context.IntParameter("leaves", 15, 2), minLeaf = context.IntParameter("min_leaf", 50, 1);
        double rate = context.DoubleParameter("learning_rate", 0.05);
        return (context.Parameter("base") ?? "lightgbm") switch
        {
            "lightgbm" => BaseLearner.LightGbmClassifier(leaves, trees, rate, minLeaf),
            "fasttree" => BaseLearner.FastTreeClassifier(leaves, trees, minLeaf),
            "logistic" => BaseLearner.LogisticRegression(),
            var other => throw new ArgumentException($"Candidate '{context.Candidate.Name}': base '{other}' is not one of lightgbm, fasttree, logistic."),
        };
    }
}
