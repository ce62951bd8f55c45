namespace MarketLab.Evaluation;

/// <summary>A confidence, credible or bootstrap interval; one-sided intervals have an infinite end.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;
    public double Width => Upper - Lower;
    public override string ToString() => $"[{Lower:G6}, {Upper:G6}]";
}
