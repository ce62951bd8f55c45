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
/// carried (issue 16). The search space keeps the leaf size and the bag such that the rows always admit a split
/// (<see cref="Spaces.TrainerSearchSpaces.BoundByRows"/>), but on sparse n-gram features a bag can still hold no feature
/// present in enough of its rows (the Yelp spec: 16 rows per leaf, a bag of 92 rows, 27% of the features). Then:
/// with a <paramref name="constant"/> estimator (binary: ML.NET's prior trainer) the guard fits that instead, the
/// constant prediction LightGBM's one-leaf booster makes (it starts from the label average), so the trial is scored as
/// what it is, a model that learnt nothing, rather than failing; without one it rethrows the error as an
/// <see cref="InvalidOperationException"/> naming the rows and the parameters that forbid a split.
/// </summary>
internal sealed class LightGbmSplitGuard(IEstimator<ITransformer> inner, ParameterSet parameters, IEstimator<ITransformer>? constant = null) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input)
    {
        try
        {
            return inner.Fit(input);
        }
        catch (ArgumentNullException e) when (e.ParamName == "items" && constant is not null)
        {
            return constant.Fit(input);
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
