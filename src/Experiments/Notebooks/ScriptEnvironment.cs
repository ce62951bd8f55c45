using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// The references and imports every notebook cell compiles against. Roslyn's defaults are ~25 framework
/// assemblies, so cells get the whole shared framework plus MarketLab.Evaluation, MarketLab.Experiments and
/// the non-framework assemblies they reference (ML.NET, TorchSharp, ...), so library results can be used
/// with their own types. Built once per process (~200 references; metadata is read lazily).
/// </summary>
internal static class ScriptEnvironment
{
    public static readonly string[] Imports =
    [
        "System", "System.IO", "System.Linq", "System.Text", "System.Threading", "System.Threading.Tasks",
        "System.Collections.Generic", "System.Globalization",
        "MarketLab.Evaluation", "MarketLab.Evaluation.AbTesting", "MarketLab.Evaluation.Distributions", "MarketLab.Evaluation.Uplift",
        "MarketLab.Evaluation.Classification", "MarketLab.Evaluation.Economics", "MarketLab.Evaluation.Data",
        "MarketLab.Experiments.Data", "MarketLab.Experiments.Data.Synthetic", "MarketLab.Experiments.Uplift",
        "MarketLab.Experiments.Notebooks", "Microsoft.Data.Analysis",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyReferences = new(BuildReferences);

    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    /// <summary>Simple names of the referenced assemblies (a restored package's copy of one of them is not added).</summary>
    public static IEnumerable<string> ReferencedAssemblyNames =>
        References.OfType<PortableExecutableReference>().Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? ""));

    /// <summary>Options for one notebook: <c>#r</c> and <c>#load</c> paths resolve against its folder.</summary>
    public static ScriptOptions Options(string baseDirectory) => ScriptOptions.Default
        .WithReferences(References)
        .WithImports(Imports)
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithAllowUnsafe(true)
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory))
        .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory));

    private static IReadOnlyList<MetadataReference> BuildReferences()
    {
        string frameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var frameworkFiles = Directory.GetFiles(frameworkDirectory, "*.dll").Where(IsManaged).ToList();
        var frameworkNames = frameworkFiles.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Walk MarketLab's references, outside the shared framework, through the assemblies the process loads.
        var libraries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>([typeof(NotebookGlobals).Assembly, typeof(Evaluation.Distributions.Normal).Assembly]);
        while (pending.Count > 0)
        {
            Assembly assembly = pending.Pop();
            string? name = assembly.GetName().Name;
            if (name is null || frameworkNames.Contains(name) || string.IsNullOrEmpty(assembly.Location) || !libraries.TryAdd(name, assembly.Location))
                continue;
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || frameworkNames.Contains(reference.Name) || libraries.ContainsKey(reference.Name))
                    continue;
                try { pending.Push(Assembly.Load(reference)); }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { }
            }
        }
        return [.. frameworkFiles.Concat(libraries.Values).Select(path => MetadataReference.CreateFromFile(path))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
