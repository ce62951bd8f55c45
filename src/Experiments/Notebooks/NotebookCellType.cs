namespace MarketLab.Experiments.Notebooks;

/// <summary>The nbformat 4 cell types (<c>cell_type</c>).</summary>
public enum NotebookCellType
{
    Code,
    Markdown,
    Raw,
}
