using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Tuners;

namespace MarketLab.Cluster;

/// <summary>A <see cref="Trial"/> on the wire (parameters as their JSON, <see cref="ParameterSet.ToJson"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record WireTrial([property: Id(0)] int Id, [property: Id(1)] string ParametersJson, [property: Id(2)] string? Learner)
{
    public static WireTrial From(Trial trial) => new(trial.Id, trial.Parameters.ToJson(), trial.Learner);

    public Trial ToTrial() => new(Id, ParameterSet.FromJson(ParametersJson), Learner);
}
