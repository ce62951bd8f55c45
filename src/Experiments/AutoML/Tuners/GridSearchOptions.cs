using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
namespace MarketLab.Experiments.AutoML.Tuners;

/// <summary>Options of <see cref="GridSearchTuner"/>.</summary>
public sealed record GridSearchOptions : TunerOptions
{
    /// <summary>Values per numeric parameter (evenly spaced in unit-cube coordinates, ends included;
    /// ints with fewer values use all of them; choices always use every option).</summary>
    public int StepsPerDimension { get; init; } = 5;

    /// <summary>Stop (return null) or cycle once the grid is exhausted.</summary>
    public GridExhaustion WhenExhausted { get; init; } = GridExhaustion.Stop;

    internal override void Validate()
    {
        base.Validate();
        if (StepsPerDimension < 1)
            throw new ArgumentOutOfRangeException(nameof(StepsPerDimension), StepsPerDimension, "Must be >= 1.");
        if (!Enum.IsDefined(WhenExhausted))
            throw new ArgumentOutOfRangeException(nameof(WhenExhausted), WhenExhausted, $"Allowed: {string.Join(", ", Enum.GetNames<GridExhaustion>())}.");
    }
}
