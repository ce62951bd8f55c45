namespace MarketLab.Evaluation.Economics;

/// <summary>The one validation preamble of the campaign-economics functions.</summary>
internal static class EconomicsInputs
{
    public static double[] Finite(ReadOnlySpan<double> values, string name, int expectedLength = -1, string? reference = null)
    {
        if (values.Length == 0)
            throw new ArgumentException($"{name} is empty; give one value per customer.", name);
        if (expectedLength >= 0 && values.Length != expectedLength)
            throw new ArgumentException($"{name} has {values.Length} values but {reference} has {expectedLength}; give one value per customer.", name);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{i}] is {values[i]}; values must be finite numbers.", name);
        return values.ToArray();
    }

    public static double[] Flags(ReadOnlySpan<bool> treatment, int expectedLength, string reference)
    {
        if (treatment.Length != expectedLength)
            throw new ArgumentException($"treatment has {treatment.Length} values but {reference} has {expectedLength}; give one flag per customer.", nameof(treatment));
        var flags = new double[treatment.Length];
        for (int i = 0; i < flags.Length; i++) flags[i] = treatment[i] ? 1 : 0;
        return flags;
    }

    public static void Fraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must lie in (0, 1].");
    }
}
