namespace MarketLab.Evaluation.AbTesting;

/// <summary>Everything an analysis needs: per arm, the unit count and each metric's sufficient statistics.</summary>
public sealed class ExperimentData
{
    private readonly Dictionary<string, ArmData> _byName;

    public ExperimentData(IReadOnlyList<ArmData> arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Count < 2) throw new ArgumentException($"An experiment needs at least 2 arms; got {arms.Count}.", nameof(arms));
        _byName = new Dictionary<string, ArmData>(StringComparer.Ordinal);
        foreach (var arm in arms)
            if (!_byName.TryAdd(arm.Name, arm)) throw new ArgumentException($"Arm '{arm.Name}' appears twice.", nameof(arms));
        Arms = arms;
    }

    /// <summary>Arms in the order given.</summary>
    public IReadOnlyList<ArmData> Arms { get; }

    /// <summary>The arm called <paramref name="name"/>; the error lists the known arms.</summary>
    public ArmData Arm(string name) =>
        _byName.TryGetValue(name, out var arm)
            ? arm
            : throw new ArgumentException($"Unknown arm '{name}'. Arms in the data: {string.Join(", ", Arms.Select(a => a.Name))}.", nameof(name));
}
