namespace MarketLab.Experiments.Runs;

/// <summary>What an experiment spec studies; written in snake_case in YAML (<c>task: ab_test</c>).</summary>
public enum ExperimentTask
{
    /// <summary>A randomised A/B test read from a per-unit log.</summary>
    AbTest,

    /// <summary>Uplift (heterogeneous treatment effect) models for campaign targeting.</summary>
    Uplift,

    /// <summary>Text classification: AutoML text classifiers (<c>automl</c>) and BERT (<c>bert</c>).</summary>
    TextClassification,

    /// <summary>Tabular classification: AutoML over typed columns (<c>automl</c>); click prediction on the Open Bandit logs is one.</summary>
    TabularClassification,

    /// <summary>
    /// Next-item recommendation on per-user behaviour sequences (leave-one-out or a time split): <c>popularity</c>,
    /// <c>markov</c>, <c>sasrec</c>, <c>bert4rec</c> and <c>reranker</c>, ranked under the sampled protocol and full ranking.
    /// </summary>
    Recommendation,
}
