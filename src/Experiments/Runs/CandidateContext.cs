using MarketLab.Experiments.Runs.Data;

namespace MarketLab.Experiments.Runs;

/// <summary>What a candidate gets: its spec, the experiment's spec, the prepared data, a seed and a folder.</summary>
/// <param name="Candidate">The candidate's entry in the spec.</param>
/// <param name="Spec">The whole experiment.</param>
/// <param name="Data">The dataset, loaded once per run and shared by all candidates.</param>
/// <param name="Seed">Derived from the spec's seed and the candidate's name (stable across resumes).</param>
/// <param name="ArtifactsDirectory">Where the candidate may write files (the run's folder).</param>
public sealed record CandidateContext(CandidateSpec Candidate, ExperimentSpec Spec, RunData Data, int Seed, string ArtifactsDirectory)
{
    /// <summary>Where long candidates report progress (the run's observer); null when nobody listens.</summary>
    public IProgress<CandidateProgress>? Progress { get; init; }

    /// <summary>A parameter's text, or null when absent.</summary>
    public string? Parameter(string name) => Candidate.Parameters.GetValueOrDefault(name);

    /// <summary>An integer parameter (default when absent); the error names the candidate and parameter.</summary>
    public int IntParameter(string name, int defaultValue, int min = int.MinValue) =>
        Parameter(name) is not { } text ? defaultValue
        : int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) && v >= min ? v
        : throw new ArgumentException($"Candidate '{Candidate.Name}': parameter {name} = '{text}' is not an integer >= {min}.");

    /// <summary>A number parameter (default when absent).</summary>
    public double DoubleParameter(string name, double defaultValue) =>
        Parameter(name) is not { } text ? defaultValue
        : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
        : throw new ArgumentException($"Candidate '{Candidate.Name}': parameter {name} = '{text}' is not a number.");
}
