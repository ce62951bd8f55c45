using MarketLab.Experiments.Data;
namespace MarketLab.Experiments.Uplift;

/// <summary>A meta-learner: fits an <see cref="UpliftModel"/> from randomised (or propensity-adjusted) data.</summary>
public interface IUpliftLearner
{
    string Name { get; }
    UpliftModel Fit(UpliftData data);
}
