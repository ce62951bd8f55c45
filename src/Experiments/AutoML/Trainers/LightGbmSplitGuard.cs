using Microsoft.ML;
using MarketLab.Experiments.AutoML.Search;

namespace MarketLab.Experiments.AutoML.Trainers;

/// <summary>
/// A LightGBM estimator whose one-leaf failure is reported with its cause. When LightGBM's first tree finds no split
/// (every candidate breaks <c>MinimumExampleCountPerLeaf</c>, <c>L1Regularization</c> thresholds every gain to zero, or
/// bagging and feature sampling left nothing to split on)
/// the booster is a constant, and ML.NET 6 fails while reading that one-leaf tree back
/// (<c>RegressionTreeBase..ctor</c> → <c>ImmutableArray.Create(null, ...)</c>: "Value cannot be null. (Parameter
/// 'items')", dotnet/machinelearning#5022 and #3913) — the message the Yelp review-sentiment spec's failed trials
/// carried (issue 16). This rethrows it as an <see cref="InvalidOperationException"/> naming the rows and the
/// parameters that forbid a split; the search space keeps the leaf size below a fifth of the rows
/// (<see cref="Spaces.TrainerSearchSpaces.BoundByRows"/>) so the common cause cannot be proposed.
/// </summary>
internal sealed class LightGbmSplitGuard(IEstimator<ITransformer> inner, ParameterSet parameters) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input)
    {
        try
        {
            return inner.Fit(input);
        }
        catch (ArgumentNullException e) when (e.ParamName == "items")
        {
            throw new InvalidOperationException(
                $"LightGBM's first tree found no split on {Rows(input)} rows (MinimumExampleCountPerLeaf = {parameters.GetInt("MinimumExampleCountPerLeaf")}, " +
                $"L1Regularization = {parameters.GetDouble("L1Regularization"):0.###}, FeatureFraction = {parameters.GetDouble("FeatureFraction"):0.###}, " +
                $"SubsampleFraction = {parameters.GetDouble("SubsampleFraction"):0.###}): " +
                "the model would be a constant, and ML.NET cannot read a one-leaf tree (ArgumentNullException 'items', dotnet/machinelearning#5022).", e);
        }
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);

    private static long Rows(IDataView data)
    {
        if (data.GetRowCount() is { } n) return n;
        long count = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext()) count++;
        return count;
    }
}
