namespace MarketLab.Experiments;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, in order. .NET's Progress&lt;T&gt; posts
/// to the captured synchronization context (the thread pool in a console app), so reports could arrive late or out of order.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
