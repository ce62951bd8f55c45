using System.CommandLine;
using MarketLab.Cli.Ab;
using MarketLab.Cli.AutoML;
using MarketLab.Cli.Uplift;
using MarketLab.Cli.Runs;
using MarketLab.Cli.Bert;
using MarketLab.Cli.Ctr;
using MarketLab.Cli.Notebooks;
using MarketLab.Cli.Models;
using MarketLab.Cli.Scores;
using MarketLab.Cli.Kernel;
using MarketLab.Cli.Cluster;

namespace MarketLab.Cli;

/// <summary>Entry point of the <c>marketlab</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int exit = Run(args, Console.Out, Console.Error);
        // A timed-out notebook cell cannot be stopped in-process; end the process rather than wait on it.
        // The kernel likewise: cells may have started foreground threads.
        if (NotebookCommand.HardExitRequested || KernelCommand.HardExitRequested)
            Environment.Exit(exit);
        return exit;
    }

    /// <summary>Parses and runs a command line, writing to the given streams (tests pass string writers).</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("MarketLab: experiments for e-commerce C-side marketing.");
        root.Subcommands.Add(AbCommand.Create());
        root.Subcommands.Add(AutoMLCommand.Create());
        root.Subcommands.Add(UpliftCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(QuickstartCommand.Create());
        root.Subcommands.Add(BertCommand.Create());
        root.Subcommands.Add(CtrCommand.Create());
        root.Subcommands.Add(NotebookCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(ScoresCommand.Create());
        root.Subcommands.Add(KernelCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(Recommend.RecommendCommand.Create());
        root.Subcommands.Add(Segments.SegmentsCommand.Create());
        return root.Parse(args).Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Ctrl+C cancels the action's token; give long-running verbs (bert train saves a resumable checkpoint) time to
            // stop cleanly instead of System.CommandLine's default 2 s before it ends the process.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
        });
    }
}
