namespace MarketLab.Experiments.Data.Catalog;

/// <summary>What a catalogued dataset is for; written in snake_case in <c>datasets/catalog.yaml</c> (<c>task: uplift</c>).</summary>
public enum DatasetTask
{
    /// <summary>A per-unit A/B log.</summary>
    AbTest,

    /// <summary>A randomised campaign with treatment and outcome, for uplift models.</summary>
    Uplift,

    /// <summary>Labelled sentences.</summary>
    TextClassification,

    /// <summary>Labelled rows of typed columns.</summary>
    TabularClassification,

    /// <summary>A logged-bandit click log (item, position, click, propensity) for <c>marketlab ctr</c> and off-policy
    /// evaluation; no spec task reads it (click prediction in specs uses the tabular_classification entries).</summary>
    Ctr,

    /// <summary>User event sequences (user, item, optional category, behaviour and time) for next-item, next-category
    /// or next-behaviour prediction (<c>marketlab recommend</c>).</summary>
    Recommendation,
}
