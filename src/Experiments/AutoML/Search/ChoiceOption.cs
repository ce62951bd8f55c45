using MarketLab.Experiments.AutoML.Runner;
namespace MarketLab.Experiments.AutoML.Search;

/// <summary>
/// One option of a <see cref="ChoiceParameter"/>, with the sub-space that becomes active when it is
/// chosen (e.g. learner <c>LightGbm</c> with its own NumberOfLeaves, LearningRate, ...).
/// </summary>
/// <param name="Name">The option's name.</param>
/// <param name="Space">Its own hyper-parameters; <see cref="SearchSpace.Empty"/> when it has none.</param>
public sealed record ChoiceOption(string Name, SearchSpace Space)
{
    /// <summary>An option without sub-parameters.</summary>
    public ChoiceOption(string name) : this(name, SearchSpace.Empty) { }

    /// <summary>Converts a bare name to an option without sub-parameters.</summary>
    public static implicit operator ChoiceOption(string name) => new(name);
}
