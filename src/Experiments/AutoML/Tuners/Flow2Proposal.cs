using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>A FLOW2 proposal: the raw point, its parameters, the incumbent epoch and restart generation it came from, and
/// the step δu when it was a forward move (null for the start point and for mirrored moves).</summary>
internal sealed record Flow2Proposal(double[] Point, ParameterSet Parameters, int Epoch, int Generation, double[]? Direction);
