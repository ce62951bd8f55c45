using MarketLab.Experiments.Bert.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MarketLab.Experiments.Bert.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019, Algorithm 2; the same update as torch.optim.AdamW) over two parameter groups:
/// decoupled weight decay on <c>decay</c>, none on <c>noDecay</c>. Written here rather than using TorchSharp's optimizer
/// so its state (step, first and second moments) is plain named tensors that checkpoints save and restore exactly.
/// </summary>
/// <remarks>
/// Every <see cref="Scalar"/> it passes to libtorch is held in a field or a <c>using</c> local until the step ends.
/// TorchSharp's implicit double → Scalar conversion creates a finalizable object whose native handle is read before
/// the native call, after which nothing references it; a garbage collection during that call (triggered by any other
/// thread) can finalize it and free the native Scalar while libtorch reads it. That race surfaced as
/// "Expected false to be true ... toFloat" from <c>add_</c> after hours of training and in the test suite.
/// </remarks>
public sealed class BertAdamW : IDisposable
{
    private readonly (string Name, Parameter P, bool Decay)[] parameters;
    private readonly Dictionary<string, (Tensor M, Tensor V)> moments = new(StringComparer.Ordinal);

    // One scratch buffer (the largest parameter's size) for the update's denominator: a fresh temporary per parameter
    // per step costs a large allocation, page faults and zero-filling on the 30522 x H word embedding (bench/bert).
    private Tensor? scratch;

    private readonly Scalar beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon;

    public BertAdamW(nn.Module module, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be >= 0.");
        (var decay, var noDecay) = ParameterGroups.Split(module);
        parameters = decay.Select(d => (d.Name, d.Parameter, true)).Concat(noDecay.Select(d => (d.Name, d.Parameter, false))).ToArray();
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        this.beta1 = beta1.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        this.beta2 = beta2.ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        this.epsilon = epsilon.ToScalar();
    }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>Updates taken so far (bias correction uses it).</summary>
    public int StepCount { get; private set; }

    public IEnumerable<Parameter> Parameters => parameters.Select(p => p.P);

    /// <summary>One update at learning rate <paramref name="learningRate"/>; parameters without a gradient are skipped.</summary>
    public void Step(double learningRate)
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        using Scalar decayFactor = (1 - learningRate * WeightDecay).ToScalar();
        using Scalar sqrtCorrection2 = Math.Sqrt(correction2).ToScalar();
        using Scalar stepSize = (-learningRate / correction1).ToScalar();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach ((string name, Parameter p, bool decay) in parameters)
        {
            Tensor? g = p.grad;
            if (g is null) continue;
            if (!moments.TryGetValue(name, out var state))
            {
                state = (zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope());
                moments[name] = state;
            }

            if (decay && WeightDecay > 0) p.mul_(decayFactor);
            state.M.mul_(beta1).add_(g, alpha: oneMinusBeta1);
            state.V.mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
            // (sqrt(v) / sqrt(1 - beta2^t)) + eps, the same operations in the same order as torch.optim.AdamW, in place.
            Tensor denominator = Scratch(p).copy_(state.V).sqrt_().div_(sqrtCorrection2).add_(epsilon, HeldScalars.One);
            p.addcdiv_(state.M, denominator, value: stepSize);
        }

        GC.KeepAlive(this); // the Scalar fields stay reachable through the last native call
    }

    private Tensor Scratch(Parameter p)
    {
        long size = p.numel();
        if (scratch is null || scratch.numel() < size || scratch.device_type != p.device_type || scratch.device_index != p.device_index || scratch.dtype != p.dtype)
        {
            long largest = parameters.Max(q => q.P.numel());
            scratch?.Dispose();
            scratch = empty(largest, p.dtype, p.device).DetachFromDisposeScope();
        }

        return scratch.narrow(0, 0, size).view(p.shape);
    }

    public void ZeroGrad()
    {
        foreach ((_, Parameter p, _) in parameters) p.grad?.zero_();
    }

    /// <summary>The moments as named tensors ("m.NAME", "v.NAME") for a checkpoint; the step goes in the JSON.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, (Tensor m, Tensor v)) in moments)
        {
            state["m." + name] = m;
            state["v." + name] = v;
        }

        return state;
    }

    /// <summary>Restores moments written by <see cref="StateDict"/> and the step count; unknown names throw.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state, int stepCount)
    {
        var known = parameters.ToDictionary(p => p.Name, p => p.P, StringComparer.Ordinal);
        foreach (var (m, _) in moments.Values) m.Dispose();
        foreach (var (_, v) in moments.Values) v.Dispose();
        moments.Clear();
        foreach ((string key, Tensor value) in state.Where(kv => kv.Key.StartsWith("m.", StringComparison.Ordinal)))
        {
            string name = key[2..];
            if (!known.TryGetValue(name, out Parameter? p)) throw new InvalidDataException($"Optimizer state names parameter '{name}', which the model does not have.");
            if (!state.TryGetValue("v." + name, out Tensor? v)) throw new InvalidDataException($"Optimizer state has m.{name} but no v.{name}.");
            moments[name] = (value.to(p.device).clone().DetachFromDisposeScope(), v.to(p.device).clone().DetachFromDisposeScope());
        }

        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (Scalar s in new[] { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon }) s.Dispose();
        scratch?.Dispose();
        scratch = null;
        foreach (var (m, v) in moments.Values)
        {
            m.Dispose();
            v.Dispose();
        }

        moments.Clear();
    }
}
