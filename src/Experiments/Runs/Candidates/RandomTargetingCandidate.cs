using MarketLab.Experiments.Uplift;

namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>
/// <c>kind: random</c>: targets customers in a seeded random order, the baseline every uplift model should beat
/// (its profit curve is the straight line from nobody to everybody, up to noise).
/// </summary>
internal sealed class RandomTargetingCandidate : ICandidateRunner
{
    public string Kind => "random";
    public IReadOnlyCollection<ExperimentTask> Tasks { get; } = [ExperimentTask.Uplift];
    public IReadOnlyCollection<string> Parameters { get; } = [];

    public Task<CandidateOutcome> RunAsync(CandidateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var split = context.Data.Uplift!;
        var random = new Random(context.Seed);
        double[] scores = Enumerable.Range(0, split.Test.Count).Select(_ => random.NextDouble()).ToArray();
        return Task.FromResult(UpliftOutcome.Evaluate(context, UpliftContender.Scored(context.Candidate.Name, scores)));
    }
}
