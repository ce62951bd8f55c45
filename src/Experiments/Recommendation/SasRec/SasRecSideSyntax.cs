namespace MarketLab.Experiments.Recommendation.SasRec;

/// <summary>The one spelling of <see cref="SasRecSide"/> shared by <c>marketlab recommend --side</c> and the spec parameter <c>side</c>.</summary>
public static class SasRecSideSyntax
{
    /// <summary>The accepted names.</summary>
    public const string Valid = "none, or a comma-separated list of category, behaviour";

    /// <summary>Parses <c>none</c>, <c>category</c>, <c>behaviour</c> or <c>category,behaviour</c> (either order; <c>behavior</c> too).</summary>
    /// <exception cref="ArgumentException">An unknown or repeated name.</exception>
    public static SasRecSide Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim() is "none" or "") return SasRecSide.None;
        var side = SasRecSide.None;
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var flag = part switch
            {
                "category" => SasRecSide.Category,
                "behaviour" or "behavior" => SasRecSide.Behaviour,
                _ => throw new ArgumentException($"side '{part}' is not allowed; use {Valid}.", nameof(text)),
            };
            if (side.HasFlag(flag)) throw new ArgumentException($"side '{text}' names {part} twice.", nameof(text));
            side |= flag;
        }
        return side;
    }

    /// <summary>The text form: <c>none</c>, <c>category</c>, <c>behaviour</c> or <c>category,behaviour</c>.</summary>
    public static string Format(SasRecSide side) => side switch
    {
        SasRecSide.None => "none",
        SasRecSide.Category => "category",
        SasRecSide.Behaviour => "behaviour",
        _ => "category,behaviour",
    };
}
