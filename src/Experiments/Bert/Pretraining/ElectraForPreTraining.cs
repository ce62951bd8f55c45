using MarketLab.Experiments.Bert.Runtime;
using MarketLab.Experiments.Bert.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Pretraining;

/// <summary>
/// ELECTRA pre-training (Clark et al. 2020, "ELECTRA: Pre-training Text Encoders as Discriminators Rather Than
/// Generators", ICLR; section 2): a small masked-LM generator fills the masked positions with tokens sampled from its
/// output distribution, and the discriminator — the encoder we keep, saved as <c>bert.*</c> so fine-tuning starts from
/// it — labels every token as original or replaced. Loss = generator MLM loss + λ · discriminator loss (λ = 50 in the
/// paper). The generator is half the discriminator's width (the paper finds 1/4 to 1/2 best) and, for simplicity, has
/// its own embeddings (the paper's tied embeddings gain ~0.7 GLUE points). Why it matters here: on our small corpora
/// the masked-LM encoder places antonyms together ("good" beside "bad": both fit the same contexts), so its features
/// carry little sentiment; telling a sampled "boring" from the original "gripping" needs exactly that signal.
/// </summary>
public sealed class ElectraForPreTraining : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    // Field names become checkpoint keys: bert.* (the discriminator encoder), discriminator_predictions.*, generator.*.
    private readonly BertForMaskedLM generator;
    private readonly BertModel bert;
    private readonly ElectraDiscriminatorHead discriminator_predictions;

    public ElectraForPreTraining(BertConfig config, double discriminatorWeight = 50) : base(nameof(ElectraForPreTraining))
    {
        Config = config.Validate();
        if (!(discriminatorWeight > 0)) throw new ArgumentOutOfRangeException(nameof(discriminatorWeight), discriminatorWeight, "discriminatorWeight must be positive.");
        DiscriminatorWeight = discriminatorWeight;
        GeneratorConfig = GeneratorFor(config);
        generator = new BertForMaskedLM(GeneratorConfig);
        bert = new BertModel(config);
        discriminator_predictions = new ElectraDiscriminatorHead(config);
        RegisterComponents();
    }

    public BertConfig Config { get; }

    public BertConfig GeneratorConfig { get; }

    public double DiscriminatorWeight { get; }

    /// <summary>Half the width (hidden, heads, intermediate) and the same depth as <paramref name="discriminator"/>.</summary>
    public static BertConfig GeneratorFor(BertConfig discriminator) => discriminator with
    {
        HiddenSize = Math.Max(16, discriminator.HiddenSize / 2),
        NumAttentionHeads = Math.Max(1, discriminator.NumAttentionHeads / 2),
        IntermediateSize = Math.Max(16, discriminator.IntermediateSize / 2),
    };

    /// <summary>The generator's MLM loss and the discriminator's mean binary cross-entropy over the real tokens.</summary>
    public (Tensor Generator, Tensor Discriminator) Losses(Tensor maskedIds, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels)
    {
        using var scope = NewDisposeScope();
        (Tensor logits, Tensor positions, Tensor original) = generator.MaskedPredictions(maskedIds, tokenTypeIds, attentionMask, labels);
        Tensor generatorLoss = nn.functional.cross_entropy(logits, original);
        Tensor corrupted, replaced;
        using (no_grad())
        {
            // Sample each masked token from the generator; no gradient flows through the sampling (section 2).
            Tensor sampled = multinomial(nn.functional.softmax(logits.detach().to_type(ScalarType.Float32), -1), 1).squeeze(1);
            Tensor originalIds = maskedIds.reshape(-1).index_copy(0, positions, original);
            Tensor corruptedFlat = originalIds.index_copy(0, positions, sampled);
            replaced = corruptedFlat.ne(originalIds).to_type(ScalarType.Float32); // a sampled original token counts as original
            corrupted = corruptedFlat.reshape(maskedIds.shape);
        }

        Tensor hidden = bert.Encode(corrupted, tokenTypeIds, attentionMask);
        Tensor tokenLogits = discriminator_predictions.forward(hidden).reshape(-1).to_type(ScalarType.Float32);
        Tensor real = attentionMask.reshape(-1).ne(0).nonzero().squeeze(1);
        Tensor discriminatorLoss = nn.functional.binary_cross_entropy_with_logits(tokenLogits.index_select(0, real), replaced.index_select(0, real));
        return (generatorLoss.MoveToOuterDisposeScope(), discriminatorLoss.MoveToOuterDisposeScope());
    }

    /// <summary>Generator loss + λ · discriminator loss.</summary>
    public override Tensor forward(Tensor maskedIds, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels)
    {
        using var scope = NewDisposeScope();
        (Tensor g, Tensor d) = Losses(maskedIds, tokenTypeIds, attentionMask, labels);
        using Scalar weight = DiscriminatorWeight.ToScalar();   // held through the call (see HeldScalars)
        return g.add(d.mul(weight), HeldScalars.One).MoveToOuterDisposeScope();
    }
}
