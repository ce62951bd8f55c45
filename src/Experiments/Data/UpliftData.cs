using Microsoft.ML;
using Microsoft.ML.Data;

namespace MarketLab.Experiments.Data;

/// <summary>
/// Dense, in-memory uplift training data: features, 0/1 treatment and outcome per row. Meta-learners
/// train several models on subsets and re-weighted copies of the same rows, so the features are read
/// from the <see cref="IDataView"/> once.
/// </summary>
public sealed class UpliftData
{
    private UpliftData(float[][] features, bool[] treatment, float[] outcome)
    {
        Features = features;
        Treatment = treatment;
        Outcome = outcome;
    }

    public float[][] Features { get; }
    public bool[] Treatment { get; }
    public float[] Outcome { get; }
    public int Count => Features.Length;
    public int FeatureCount => Features.Length == 0 ? 0 : Features[0].Length;

    /// <summary>Share of treated rows.</summary>
    public double TreatedShare => Treatment.Count(t => t) / (double)Count;

    /// <summary>Rows from arrays (validated: equal lengths, finite values, both arms present).</summary>
    public static UpliftData FromArrays(float[][] features, bool[] treatment, float[] outcome)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(outcome);
        if (features.Length == 0) throw new ArgumentException("Uplift data has no rows.", nameof(features));
        if (treatment.Length != features.Length || outcome.Length != features.Length)
            throw new ArgumentException($"Length mismatch: {features.Length} feature rows, {treatment.Length} treatment flags, {outcome.Length} outcomes.");
        int d = features[0].Length;
        for (int i = 0; i < features.Length; i++)
        {
            if (features[i].Length != d) throw new ArgumentException($"Row {i} has {features[i].Length} features; row 0 has {d}.", nameof(features));
            for (int j = 0; j < d; j++)
                if (!float.IsFinite(features[i][j])) throw new ArgumentException($"Row {i}, feature {j} is {features[i][j]}; features must be finite.", nameof(features));
            if (!float.IsFinite(outcome[i])) throw new ArgumentException($"Row {i}: outcome {outcome[i]} is not finite.", nameof(outcome));
        }
        int treated = treatment.Count(t => t);
        if (treated == 0 || treated == treatment.Length)
            throw new ArgumentException($"Uplift learners need both arms; all {treatment.Length} rows are {(treated == 0 ? "control" : "treated")}.", nameof(treatment));
        return new UpliftData(features, treatment, outcome);
    }

    /// <summary>Reads a feature-vector column (Single), a treatment column (Boolean or Single 0/1) and an outcome column (Boolean or Single).</summary>
    public static UpliftData FromDataView(IDataView data, string features = "Features", string treatment = "Treatment", string outcome = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        var features2 = data.GetColumn<VBuffer<float>>(Column(data, features)).Select(v => v.DenseValues().ToArray()).ToArray();
        return FromArrays(features2, ReadFlags(data, treatment), ReadNumbers(data, outcome));
    }

    /// <summary>The subset of rows in one arm.</summary>
    public (float[][] Features, float[] Outcome) Arm(bool treated)
    {
        var f = new List<float[]>();
        var y = new List<float>();
        for (int i = 0; i < Count; i++)
            if (Treatment[i] == treated) { f.Add(Features[i]); y.Add(Outcome[i]); }
        return (f.ToArray(), y.ToArray());
    }

    private static DataViewSchema.Column Column(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name)
        ?? throw new ArgumentException($"Column '{name}' is not in the data. Columns: {string.Join(", ", data.Schema.Select(c => c.Name))}.");

    private static bool[] ReadFlags(IDataView data, string name)
    {
        var column = Column(data, name);
        if (column.Type == BooleanDataViewType.Instance) return data.GetColumn<bool>(column).ToArray();
        var values = ReadNumbers(data, name);
        for (int i = 0; i < values.Length; i++)
            if (values[i] is not (0f or 1f)) throw new ArgumentException($"Treatment column '{name}', row {i}: {values[i]} is not 0 or 1.");
        return values.Select(v => v == 1f).ToArray();
    }

    private static float[] ReadNumbers(IDataView data, string name)
    {
        var column = Column(data, name);
        if (column.Type == BooleanDataViewType.Instance) return data.GetColumn<bool>(column).Select(b => b ? 1f : 0f).ToArray();
        if (column.Type == NumberDataViewType.Single) return data.GetColumn<float>(column).ToArray();
        throw new ArgumentException($"Column '{name}' has type {column.Type}; expected Boolean or Single.");
    }
}
