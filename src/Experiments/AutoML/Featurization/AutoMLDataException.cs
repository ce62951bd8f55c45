using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Spaces;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>The data cannot be used as given (missing label, single class, an all-missing feature, no rows);
/// the message names the column and what was found.</summary>
public sealed class AutoMLDataException(string? column, string message) : Exception(message)
{
    /// <summary>The offending column, when one is to blame.</summary>
    public string? Column { get; } = column;
}
