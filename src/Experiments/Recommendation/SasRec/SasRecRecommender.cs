using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>A trained SASRec as a recommender: the last hidden state of the (left-padded, last L) history against every item embedding.</summary>
public sealed class SasRecRecommender : ISequenceRecommender
{
    private readonly SasRecModel model;
    private readonly SasRecOptions options;
    private readonly Device device;

    internal SasRecRecommender(SasRecModel model, SasRecOptions options, Device device)
    {
        this.model = model;
        this.options = options;
        this.device = device;
    }

    public string Name => "SASRec";

    public SasRecModel Model => model;

    public void Score(IReadOnlyList<int[]> histories, float[][] scores)
    {
        ArgumentNullException.ThrowIfNull(histories);
        int n = histories.Count, L = options.MaxLength;
        if (n == 0) return;
        var input = new long[n * L];
        for (int u = 0; u < n; u++) SasRecBatches.FillInput(histories[u], input.AsSpan(u * L, L));
        bool wasTraining = model.training;
        model.eval();
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            Tensor h = model.forward(tensor(input, [n, L]).to(device)).select(1, L - 1);
            Tensor logits = h.matmul(model.ItemEmbeddings.t()).to(CPU).contiguous();
            float[] flat = logits.data<float>().ToArray();
            int size = (int)logits.shape[1];
            for (int u = 0; u < n; u++) Array.Copy(flat, u * size, scores[u], 0, size);
        }
        if (wasTraining) model.train();
    }

    /// <summary>
    /// The user embedding of each history: the final hidden state (after the last LayerNorm) at the last position, the
    /// vector <see cref="Score"/> multiplies with the item embeddings. Rows of length <see cref="SasRecOptions.Hidden"/>.
    /// </summary>
    public float[][] Embed(IReadOnlyList<int[]> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        int n = histories.Count, L = options.MaxLength, d = options.Hidden;
        if (n == 0) return [];
        var input = new long[n * L];
        for (int u = 0; u < n; u++) SasRecBatches.FillInput(histories[u], input.AsSpan(u * L, L));
        bool wasTraining = model.training;
        model.eval();
        float[] flat;
        using (no_grad())
        using (var scope = NewDisposeScope())
            flat = model.forward(tensor(input, [n, L]).to(device)).select(1, L - 1).to(CPU).contiguous().data<float>().ToArray();
        if (wasTraining) model.train();
        return Enumerable.Range(0, n).Select(u => flat.AsSpan(u * d, d).ToArray()).ToArray();
    }
}
