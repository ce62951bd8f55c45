using MarketLab.Evaluation.AbTesting;
using MarketLab.Evaluation.Data;

namespace MarketLab.Cli.Ab;

/// <summary>The validated options of one <c>marketlab ab</c> run.</summary>
internal sealed record AbRequest(
    string Input,
    string ArmColumn,
    string Control,
    IReadOnlyList<UnitLogMetric> Metrics,
    double Alpha,
    AnalysisMethod Method,
    CorrectionMethod Correction,
    IReadOnlyDictionary<string, double>? Weights,
    string? JsonPath)
{
    /// <summary>Checks --control and --weights against the arms found in the log.</summary>
    public void CheckArms(UnitLogAggregate aggregate)
    {
        string arms = string.Join(", ", aggregate.Arms);
        if (!aggregate.Contains(Control))
            throw new CliInputException("--control", $"arm '{Control}' has no units in column '{ArmColumn}' of {Input}; arms: {arms}");
        if (aggregate.Arms.Count < 2)
            throw new CliInputException("--arm", $"column '{ArmColumn}' of {Input} holds only arm '{aggregate.Arms[0]}'; a comparison needs at least 2 arms");
        if (Weights is null) return;
        foreach (string arm in Weights.Keys)
            if (!aggregate.Contains(arm))
                throw new CliInputException("--weights", $"arm '{arm}' is empty: it has no units in column '{ArmColumn}' of {Input}; arms: {arms}");
        foreach (string arm in aggregate.Arms)
            if (!Weights.ContainsKey(arm))
                throw new CliInputException("--weights", $"no weight for arm '{arm}'; give one per arm ({arms})");
    }

    public AbAnalysisOptions Options() => new()
    {
        Alpha = Alpha,
        Method = Method,
        Correction = Correction,
        PlannedWeights = Weights,
    };
}
