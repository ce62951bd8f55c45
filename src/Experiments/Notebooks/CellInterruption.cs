namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// How a running cell is stopped. .NET cannot abort a thread, so before compiling, every loop body of a cell
/// gets a call to <see cref="Check"/> (see <see cref="LoopInstrumenter"/>): one volatile read per iteration,
/// which throws <see cref="CellInterruptedException"/> once the cell is interrupted or times out. Code that
/// never loops in the cell's own source (a long library call, <c>Thread.Sleep</c>) is not stopped; the
/// executor abandons it after a grace period instead. One cell runs at a time per process, so one flag serves.
/// </summary>
public static class CellInterruption
{
    private static volatile bool requested;

    /// <summary>Called from instrumented loops; throws when the running cell has been interrupted.</summary>
    public static void Check()
    {
        if (requested) Throw();
    }

    /// <summary>True from an interrupt (or timeout) until the next cell starts.</summary>
    public static bool IsRequested => requested;

    internal static void Request() => requested = true;

    internal static void Reset() => requested = false;

    private static void Throw() => throw new CellInterruptedException();
}

/// <summary>Thrown inside a cell's loop when the cell is interrupted (Jupyter's interrupt_request) or times out.</summary>
public sealed class CellInterruptedException() : OperationCanceledException("the cell was interrupted");
