namespace MarketLab.Experiments.Models;

/// <summary>How token vectors become one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>Average of the token vectors weighted by the attention mask (sentence-transformers' mode="mean"; all-MiniLM-L6-v2's pooling).</summary>
    Mean,

    /// <summary>The first ([CLS]) token's vector (snowflake-arctic-embed's pooling).</summary>
    Cls,
}
