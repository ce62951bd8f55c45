namespace MarketLab.Experiments.Data.Synthetic;

/// <summary>One logged round of a synthetic click log.</summary>
/// <param name="Context">The context features x.</param>
/// <param name="Action">The action the logging policy took.</param>
/// <param name="Reward">1 for a click, 0 otherwise.</param>
/// <param name="LoggingPropensity">π₀(a|x) of the action taken.</param>
/// <param name="LoggingPolicy">π₀(·|x) over every action.</param>
/// <param name="RewardProbabilities">True q(x, a) = P(click | x, a) for every action (known only to the simulator).</param>
public sealed record ClickRound(IReadOnlyList<double> Context, int Action, double Reward, double LoggingPropensity,
    IReadOnlyList<double> LoggingPolicy, IReadOnlyList<double> RewardProbabilities);
