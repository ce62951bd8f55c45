namespace MarketLab.Experiments.Bert.Modeling;

/// <summary>
/// How <see cref="BertForSequenceClassification"/> turns the last hidden states into the one vector its head reads.
/// Stored in config.json as <c>classifier_pooling</c> ("cls" or "mean") so a saved classifier reloads with it.
/// </summary>
public enum ClassifierPooling
{
    /// <summary>The [CLS] vector through the pooler, tanh(W h_[CLS] + b): BERT's own (Devlin et al. 2019, section 3), the default.</summary>
    Cls,

    /// <summary>
    /// The average of the token vectors weighted by the attention mask (padding excluded), the pooler unused: how
    /// sentence encoders such as all-MiniLM-L6-v2 were trained (Reimers &amp; Gurevych 2019, Sentence-BERT, section 3).
    /// </summary>
    Mean,
}
