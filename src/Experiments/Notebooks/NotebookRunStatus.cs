namespace MarketLab.Experiments.Notebooks;

public enum NotebookRunStatus
{
    /// <summary>Every code cell ran without an error.</summary>
    Succeeded,

    /// <summary>A cell failed to compile, threw, or used an unsupported directive; later cells did not run.</summary>
    Failed,

    /// <summary>A cell ran past the timeout. Its background thread may still run (abandoned, writes dropped): a command-line host should exit the process.</summary>
    TimedOut,

    /// <summary>The cell was interrupted (Jupyter's interrupt_request); the kernel's state from earlier cells is kept.</summary>
    Interrupted,
}
