using Microsoft.ML;

namespace MarketLab.Experiments.AutoML.Trainers;

/// <summary>
/// Lets one FastTree-family fit (FastTree, FastForest, FastTree one-versus-all) run at a time in the process. ML.NET's
/// tree learners share a static <c>ThreadTaskManager</c> that each fit re-initialises with its own thread count, so two
/// fits at once (parallel AutoML trials, or tests running side by side) can interfere; we saw a 500-row FastTree fit
/// run past a 10-minute budget and a 120-row one past a 120 s trial timeout that way, where alone they take well
/// under a second. Other learners still run in parallel beside the one tree fit.
/// </summary>
internal sealed class TreeEnsembleGate(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
{
    private static readonly Lock Gate = new();

    public ITransformer Fit(IDataView input)
    {
        lock (Gate) return inner.Fit(input);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
}
