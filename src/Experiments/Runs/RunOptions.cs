namespace MarketLab.Experiments.Runs;

/// <summary>How <see cref="ExperimentRunner"/> runs a spec.</summary>
public sealed record RunOptions
{
    /// <summary>Artifacts root; null uses the spec's <c>output.dir</c> (relative to the current directory).</summary>
    public string? ArtifactsRoot { get; init; }

    /// <summary>Resume the newest unfinished run of the same spec (default). False always starts a new run.</summary>
    public bool Resume { get; init; } = true;

    /// <summary>Clock for run ids and times (tests pin it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
