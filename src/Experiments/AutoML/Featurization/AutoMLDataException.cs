using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Featurization;

/// <summary>The data cannot be used as given (missing label, single class, an all-missing feature, no rows);
/// the message names the column and what was found.</summary>
public sealed class AutoMLDataException(string? column, string message) : Exception(message)
{
    /// <summary>The offending column, when one is to blame.</summary>
    public string? Column { get; } = column;
}
