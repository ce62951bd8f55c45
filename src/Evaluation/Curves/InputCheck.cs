namespace MarketLab.Evaluation.Curves;

/// <summary>
/// The one validation preamble of every metric (as sklift's <c>check_consistent_length</c> +
/// <c>check_is_binary</c>): each failure is an <see cref="ArgumentException"/> naming the parameter, the
/// offending index and value, and the allowed set.
/// </summary>
internal static class InputCheck
{
    public static void NotEmpty(int length, string name)
    {
        if (length == 0) throw new ArgumentException($"{name} is empty; at least one row is needed.", name);
    }

    public static void SameLength(int expected, int actual, string name, string reference)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has {actual} rows but {reference} has {expected}; they must have the same length.", name);
    }

    /// <summary>Every value exactly 0 or 1; returns how many are 1.</summary>
    public static int Binary(ReadOnlySpan<double> values, string name)
    {
        int ones = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v == 1) ones++;
            else if (v != 0) throw new ArgumentException($"{name}[{i}] is {v}; allowed values are {{0, 1}}.", name);
        }
        return ones;
    }

    public static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{i}] is {values[i]}; allowed values are finite numbers.", name);
    }

    public static void Probabilities(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
                throw new ArgumentException($"{name}[{i}] is {values[i]}; allowed values are probabilities in [0, 1].", name);
    }

    /// <summary>Optional sample weights: empty means unweighted, otherwise one finite weight ≥ 0 per row.</summary>
    public static void Weights(ReadOnlySpan<double> weights, int rows, string name, string reference)
    {
        if (weights.IsEmpty) return;
        SameLength(rows, weights.Length, name, reference);
        for (int i = 0; i < weights.Length; i++)
            if (!(weights[i] >= 0) || double.IsPositiveInfinity(weights[i]))
                throw new ArgumentException($"{name}[{i}] is {weights[i]}; allowed values are finite weights >= 0.", name);
    }

    public static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; allowed values are {min}..{max}.");
    }

    public static void Level(double level, string name)
    {
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(name, level, $"{name} is {level}; allowed values lie strictly between 0 and 1.");
    }
}
