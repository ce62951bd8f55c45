namespace MarketLab.Experiments.Data.Catalog;

/// <summary>
/// How a catalogued dataset or generator is read; each catalog entry names its loader (<c>loader: hillstrom</c>), so
/// the run's data preparation dispatches on the loader, never on the dataset's name.
/// </summary>
public enum DatasetLoader
{
    /// <summary>Catalogued for provenance only: no spec can read it yet.</summary>
    None,

    /// <summary>A per-unit A/B CSV (<c>AbUnitLog</c>), generated when absent.</summary>
    AbUnitLog,

    /// <summary>The Hillstrom e-mail campaign (<c>Hillstrom.Load</c>, parameters treatment, outcome, rows).</summary>
    Hillstrom,

    /// <summary>The campaign simulator with known effects (<c>CampaignSimulator</c>).</summary>
    CampaignSimulator,

    /// <summary>Sentence&lt;TAB&gt;label lines without a header (UCI sentiment files), quoting off.</summary>
    SentimentLines,

    /// <summary>A sentence/label TSV with a header line (GLUE SST-2), quoting off; <c>test_file</c> names the held-out file.</summary>
    SentimentTsv,

    /// <summary>A CSV with a header whose <c>text</c> and <c>label</c> parameters name the columns; <c>test_file</c> the held-out file.</summary>
    TextCsv,

    /// <summary>Generated review sentences (<c>ReviewTextGenerator</c>).</summary>
    ReviewGenerator,

    /// <summary>A classification CSV with a header (<c>TabularCsv</c>, parameters label, drop, categorical).</summary>
    TabularCsv,

    /// <summary>An Open Bandit impression log read by <c>OpenBanditLog</c>, as a click table (parameters as <see cref="TabularCsv"/>).</summary>
    OpenBanditClicks,

    /// <summary>The Taobao behaviour log: per-user features (tabular) or event sequences (text).</summary>
    TaobaoBehaviour,

    /// <summary>Per-user event sequences for next-item recommendation (<c>Data/Sequences/SequenceDatasets.Load</c>,
    /// parameters format, min_item_count, items, target, split, cut); read by <c>marketlab recommend</c>, no spec task yet.</summary>
    BehaviourSequences,
}
