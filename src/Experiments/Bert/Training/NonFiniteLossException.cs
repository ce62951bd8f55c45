namespace MarketLab.Experiments.Bert.Training;

/// <summary>The loss became NaN or infinite; the message names the step and suggests a lower learning rate.</summary>
public sealed class NonFiniteLossException(int epoch, int step, double loss, double learningRate)
    : Exception($"Loss became {loss} at epoch {epoch}, optimizer step {step} (learning rate {learningRate:G3}). " +
                $"Training diverged: try a lower learning rate (e.g. {learningRate / 10:G3}), more warm-up, or gradient clipping.")
{
    public int Epoch { get; } = epoch;

    public int Step { get; } = step;
}
