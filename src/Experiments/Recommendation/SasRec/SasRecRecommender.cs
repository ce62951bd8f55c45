using MarketLab.Experiments.Data.Sequences;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>A trained SASRec as a recommender: the last hidden state of the (left-padded, last L) history against every item embedding.</summary>
public sealed class SasRecRecommender : IEventAwareRecommender
{
    private readonly SasRecModel model;
    private readonly SasRecOptions options;
    private readonly Device device;
    private readonly SasRecSideFeatures? side;

    internal SasRecRecommender(SasRecModel model, SasRecOptions options, Device device, SasRecSideFeatures? side = null)
    {
        this.model = model;
        this.options = options;
        this.device = device;
        this.side = side;
    }

    /// <summary>"SASRec", or e.g. "SASRec+behaviour" with side embeddings.</summary>
    public string Name => side is null ? "SASRec" : $"SASRec+{SasRecSideSyntax.Format(side.Side)}";

    public SasRecModel Model => model;

    /// <summary>The side features' id spaces, or null for the plain model.</summary>
    public SasRecSideFeatures? Side => side;

    /// <summary>True when the model adds side embeddings, which are read from the events.</summary>
    public bool NeedsEvents => side is not null;

    /// <exception cref="InvalidOperationException">The model has side embeddings; use the overload with events.</exception>
    public void Score(IReadOnlyList<int[]> histories, float[][] scores) => Score(histories, null, scores);

    public void Score(IReadOnlyList<int[]> histories, IReadOnlyList<IReadOnlyList<BehaviourEvent>>? events, float[][] scores)
    {
        ArgumentNullException.ThrowIfNull(histories);
        int n = histories.Count;
        if (n == 0) return;
        bool wasTraining = model.training;
        model.eval();
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            Tensor h = LastHidden(histories, events);
            Tensor logits = h.matmul(model.ItemEmbeddings.t()).to(CPU).contiguous();
            float[] flat = logits.data<float>().ToArray();
            int size = (int)logits.shape[1];
            for (int u = 0; u < n; u++) Array.Copy(flat, u * size, scores[u], 0, size);
        }
        if (wasTraining) model.train();
    }

    /// <summary>
    /// The user embedding of each history: the final hidden state (after the last LayerNorm) at the last position, the
    /// vector <see cref="Score(IReadOnlyList{int[]}, float[][])"/> multiplies with the item embeddings. Rows of length
    /// <see cref="SasRecOptions.Hidden"/>. A model with side embeddings needs the events behind each history.
    /// </summary>
    public float[][] Embed(IReadOnlyList<int[]> histories, IReadOnlyList<IReadOnlyList<BehaviourEvent>>? events = null)
    {
        ArgumentNullException.ThrowIfNull(histories);
        int n = histories.Count, d = options.Hidden;
        if (n == 0) return [];
        bool wasTraining = model.training;
        model.eval();
        float[] flat;
        using (no_grad())
        using (var scope = NewDisposeScope())
            flat = LastHidden(histories, events).to(CPU).contiguous().data<float>().ToArray();
        if (wasTraining) model.train();
        return Enumerable.Range(0, n).Select(u => flat.AsSpan(u * d, d).ToArray()).ToArray();
    }

    // [n, hidden]: the hidden state at the last position of each left-padded history.
    private Tensor LastHidden(IReadOnlyList<int[]> histories, IReadOnlyList<IReadOnlyList<BehaviourEvent>>? events)
    {
        int n = histories.Count, L = options.MaxLength;
        var input = new long[n * L];
        for (int u = 0; u < n; u++) SasRecBatches.FillInput(histories[u], input.AsSpan(u * L, L));
        if (side is null) return model.forward(tensor(input, [n, L]).to(device)).select(1, L - 1);
        if (events is null)
            throw new InvalidOperationException($"This SASRec adds {SasRecSideSyntax.Format(side.Side)} embeddings; score it with the events behind each history.");
        if (events.Count != n) throw new ArgumentException($"{events.Count} event lists for {n} histories.", nameof(events));
        Tensor? Side(Func<IReadOnlyList<BehaviourEvent>, int, int[]?> ids)
        {
            if (ids(events[0], 0) is null) return null;
            var buffer = new long[n * L];
            for (int u = 0; u < n; u++) SasRecBatches.FillInput(ids(events[u], histories[u].Length)!, buffer.AsSpan(u * L, L));
            return tensor(buffer, [n, L]).to(device);
        }
        return model.forward(tensor(input, [n, L]).to(device), Side(side.CategoryIds), Side(side.BehaviourIds)).select(1, L - 1);
    }
}
