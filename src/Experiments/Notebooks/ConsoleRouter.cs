using System.Text;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Routes Console.Out and Console.Error to the sink of the cell whose code is writing. The sink travels in
/// an <see cref="AsyncLocal{T}"/> set on the cell's thread, so it follows the cell into tasks it starts;
/// writes from anywhere else (the host, other threads, a test runner) go to the writers that were there
/// before. The routers stay installed: a cell abandoned after a timeout keeps writing into its closed
/// sink, never into the host's console. Console.In is routed the same way: a cell reads lines from its
/// sink's listener (the kernel's input_request), or end of input when nobody can type (a headless run).
/// </summary>
internal static class ConsoleRouter
{
    private static readonly AsyncLocal<CellOutputSink?> CurrentSink = new();
    private static readonly Lock Gate = new();
    private static TextWriter? installedOut, installedError;
    private static TextReader? installedIn;

    /// <summary>The sink of the cell running on this logical flow, or null outside cells.</summary>
    public static CellOutputSink? Current
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    /// <summary>Installs the routers unless they are still Console's writers (someone may have replaced them).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(Console.Out, installedOut))
            {
                Console.SetOut(new RoutingWriter("stdout", Console.Out));
                installedOut = Console.Out; // Console wraps the writer in a synchronized one.
            }
            if (!ReferenceEquals(Console.Error, installedError))
            {
                Console.SetError(new RoutingWriter("stderr", Console.Error));
                installedError = Console.Error;
            }
            if (!ReferenceEquals(Console.In, installedIn))
            {
                Console.SetIn(new RoutingReader(Console.In));
                installedIn = Console.In;
            }
        }
    }

    private sealed class RoutingWriter(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value)
        {
            if (Current is { } sink) sink.Write(stream, value.ToString());
            else fallback.Write(value);
        }

        public override void Write(string? value)
        {
            if (Current is { } sink) sink.Write(stream, value ?? "");
            else fallback.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            if (Current is { } sink) sink.Write(stream, new string(buffer, index, count));
            else fallback.Write(buffer, index, count);
        }

        public override void WriteLine(string? value)
        {
            if (Current is { } sink) sink.Write(stream, (value ?? "") + NewLine);
            else fallback.WriteLine(value);
        }

        public override void Flush()
        {
            if (Current is null) fallback.Flush();
        }
    }

    private sealed class RoutingReader(TextReader fallback) : TextReader
    {
        private string pending = "";

        public override string? ReadLine()
        {
            if (Current is not { } sink) return fallback.ReadLine();
            if (pending.Length > 0)
            {
                string rest = pending.TrimEnd('\n');
                pending = "";
                return rest;
            }
            return sink.Listener?.ReadInput("", password: false);
        }

        public override int Read()
        {
            if (Current is null) return fallback.Read();
            if (pending.Length == 0)
            {
                if (ReadLine() is not { } line) return -1;
                pending = line + "\n";
            }
            char c = pending[0];
            pending = pending[1..];
            return c;
        }

        public override int Peek()
        {
            if (Current is null) return fallback.Peek();
            return pending.Length > 0 ? pending[0] : -1;
        }
    }
}
