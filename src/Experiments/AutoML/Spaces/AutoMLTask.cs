using MarketLab.Experiments.AutoML.Runner;
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
