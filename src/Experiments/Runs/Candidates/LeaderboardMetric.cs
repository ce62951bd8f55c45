namespace MarketLab.Experiments.Runs.Candidates;

/// <summary>The <c>automl</c> candidate's <c>primary</c> parameter: the held-out metric that ranks it in the run's leaderboard.</summary>
internal enum LeaderboardMetric
{
    /// <summary><c>accuracy</c> (the default).</summary>
    Accuracy,

    /// <summary><c>auc</c>: ROC AUC, two classes only.</summary>
    Auc,

    /// <summary><c>macro_f1</c>: macro-averaged F1, three or more classes.</summary>
    MacroF1,
}
