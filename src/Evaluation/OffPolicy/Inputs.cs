namespace MarketLab.Evaluation.OffPolicy;

/// <summary>The shared validation preamble of the off-policy types.</summary>
internal static class Inputs
{
    public static void SameLength(int expected, int actual, string reference, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} values but {reference} has {expected}; give one value per logged round.", name);
    }

    public static void Finite(double value, int index, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{name}[{index}] is {value}; values must be finite numbers.", name);
    }
}
