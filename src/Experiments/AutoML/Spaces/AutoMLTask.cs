using MarketLab.Experiments.AutoML.Featurization;
using MarketLab.Experiments.AutoML.Runner;
using MarketLab.Experiments.AutoML.Search;
using MarketLab.Experiments.AutoML.Store;
using MarketLab.Experiments.AutoML.Trainers;
using MarketLab.Experiments.AutoML.Tuners;
namespace MarketLab.Experiments.AutoML.Spaces;

/// <summary>The prediction task a set of trainers serves.</summary>
public enum AutoMLTask
{
    /// <summary>Two classes (catalog: BinaryClassification).</summary>
    BinaryClassification,

    /// <summary>More than two classes (catalog: MulticlassClassification).</summary>
    MulticlassClassification,

    /// <summary>A real-valued label (catalog: Regression).</summary>
    Regression,
}
