namespace MarketLab.Experiments.Notebooks;

/// <summary>The nbformat 4 output types (<c>output_type</c>).</summary>
public enum NotebookOutputType
{
    Stream,
    DisplayData,
    ExecuteResult,
    Error,
}
