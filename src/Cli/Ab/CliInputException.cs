namespace MarketLab.Cli.Ab;

/// <summary>A bad command-line value; the message names the option, the bad token and what is allowed.</summary>
internal sealed class CliInputException(string option, string message) : Exception($"{option}: {message}")
{
    public string Option { get; } = option;
}
