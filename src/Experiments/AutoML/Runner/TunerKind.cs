using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Runner;

/// <summary>The search strategy of an AutoML experiment.</summary>
public enum TunerKind
{
    /// <summary>FLAML's CFO per learner with ECI learner selection (<see cref="EciTuner"/>).</summary>
    Cfo,

    /// <summary>SMAC (<see cref="SmacTuner"/>) over one nested space of learners.</summary>
    Smac,

    /// <summary>Random search (<see cref="RandomSearchTuner"/>) over the nested space.</summary>
    Random,

    /// <summary>Grid search (<see cref="GridSearchTuner"/>) over the nested space.</summary>
    Grid,
}
