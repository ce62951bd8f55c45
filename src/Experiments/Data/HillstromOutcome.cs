namespace MarketLab.Experiments.Data;

/// <summary>Outcomes recorded in the Hillstrom data.</summary>
public enum HillstromOutcome
{
    Visit,
    Conversion,
    Spend,
}
