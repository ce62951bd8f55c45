using MarketLab.Experiments.Bert.Pretraining;
using MarketLab.Experiments.Recommendation.SasRec;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Recommendation.Bert4Rec;

/// <summary>A trained BERT4Rec: the history's last L − 1 items, then [MASK]; the scores are the logits at [MASK].</summary>
public sealed class Bert4RecRecommender : ISequenceRecommender
{
    private readonly BertForMaskedLM model;
    private readonly int maxLength;
    private readonly int maskId;
    private readonly Device device;

    internal Bert4RecRecommender(BertForMaskedLM model, int maxLength, int maskId, Device device)
    {
        this.model = model;
        this.maxLength = maxLength;
        this.maskId = maskId;
        this.device = device;
    }

    public string Name => "BERT4Rec";

    public void Score(IReadOnlyList<int[]> histories, float[][] scores)
    {
        ArgumentNullException.ThrowIfNull(histories);
        int n = histories.Count, L = maxLength;
        if (n == 0) return;
        var input = new long[n * L];
        for (int u = 0; u < n; u++)
        {
            SasRecBatches.FillInput(histories[u].AsSpan(Math.Max(0, histories[u].Length - (L - 1))), input.AsSpan(u * L, L - 1));
            input[u * L + L - 1] = maskId;
        }
        model.eval();
        using (no_grad())
        using (NewDisposeScope())
        {
            Tensor ids = tensor(input, [n, L]).to(device);
            Tensor logits = model.Logits(ids, zeros_like(ids), ids.ne(0).to_type(ScalarType.Int64)).select(1, L - 1).to(CPU).contiguous();
            float[] flat = logits.data<float>().ToArray();
            int size = (int)logits.shape[1];   // items + [MASK]; the caller's rows have one column less
            for (int u = 0; u < n; u++) Array.Copy(flat, u * size, scores[u], 0, maskId);
        }
    }
}
