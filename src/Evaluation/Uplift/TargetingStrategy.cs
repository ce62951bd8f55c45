namespace MarketLab.Evaluation.Uplift;

/// <summary>How the top of the ranking is taken for uplift@k and uplift by bins (sklift's <c>strategy</c>).</summary>
public enum TargetingStrategy
{
    /// <summary>Cut the whole ranking, then split the cut into arms (sklift "overall").</summary>
    Overall,

    /// <summary>Rank each arm separately and cut each at the same fraction (sklift "by_group").</summary>
    ByGroup,
}
