using System.Text;

namespace MarketLab.Experiments.Notebooks;

/// <summary>A <see cref="TextWriter"/> installed as Console.Out or Console.Error while a cell runs.</summary>
internal sealed class CellStreamWriter(CellOutputSink sink, string stream) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => sink.Write(stream, value.ToString());

    public override void Write(string? value) => sink.Write(stream, value ?? "");

    public override void Write(char[] buffer, int index, int count) => sink.Write(stream, new string(buffer, index, count));

    public override void WriteLine(string? value) => sink.Write(stream, (value ?? "") + NewLine);
}
