namespace MarketLab.Experiments.AutoML;

/// <summary>A FLOW2 proposal: the raw point, its parameters, the incumbent epoch and restart generation it came from, and
/// the step δu when it was a forward move (null for the start point and for mirrored moves).</summary>
internal sealed record Flow2Proposal(double[] Point, ParameterSet Parameters, int Epoch, int Generation, double[]? Direction);
