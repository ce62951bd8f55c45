using System.CommandLine;

namespace MarketLab.Cli;

/// <summary>Entry point of the <c>marketlab</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("MarketLab: experiments for e-commerce C-side marketing.");
        return root.Parse(args).Invoke();
    }
}
