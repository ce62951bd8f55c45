using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MarketLab.Experiments.Notebooks;

/// <summary>What cells share: the script state, the references so far (grown by <c>#r "nuget: ..."</c>), the globals.</summary>
internal sealed class CellContext(string baseDirectory)
{
    public string BaseDirectory { get; } = baseDirectory;

    public ScriptOptions Options { get; set; } = ScriptEnvironment.Options(baseDirectory);

    public ScriptState<object>? State { get; set; }

    public NotebookGlobals Globals { get; } = new();

    public HashSet<string> ReferencedNames { get; } = new(ScriptEnvironment.ReferencedAssemblyNames, StringComparer.OrdinalIgnoreCase);

    /// <summary>Files being imported now (a file importing itself, directly or not, is an error).</summary>
    public HashSet<string> Importing { get; } = new(StringComparer.Ordinal);

    /// <summary>Options for a submission named <paramref name="filePath"/> whose relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public ScriptOptions OptionsFor(string filePath, string baseDirectory) => Options.WithFilePath(filePath)
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory))
        .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory));
}

/// <summary>A cell's code threw; the exception is the cell's own (not the executor's).</summary>
internal sealed class CellException(Exception inner) : Exception(inner.Message, inner);

/// <summary>Compiles and runs one cell's directives and code into the shared <see cref="CellContext"/>.</summary>
internal static class CellSubmission
{
    /// <summary>Restores packages, runs imports, then the cell's own code; returns the code's last expression.</summary>
    public static object? Execute(CellSource.Prepared prepared, string filePath, string baseDirectory, CellContext context, CancellationToken cancellationToken)
    {
        if (prepared.Error is { } unsupported)
            throw new NotSupportedException(unsupported);
        if (prepared.Packages.Count > 0)
        {
            NugetRestoreResult restored = NugetScriptRestorer.Restore(prepared.Packages, cancellationToken);
            ScriptAssemblyResolver.Register(restored);
            // An assembly the runner already references (the framework, ML.NET, ...) keeps the runner's version.
            var fresh = restored.Assemblies.Where(path => context.ReferencedNames.Add(Path.GetFileNameWithoutExtension(path))).ToList();
            context.Options = context.Options.AddReferences(fresh.Select(path => MetadataReference.CreateFromFile(path)));
        }
        foreach (CellSource.Import import in prepared.Imports)
            RunImport(import, filePath, baseDirectory, context, cancellationToken);
        if (string.IsNullOrWhiteSpace(prepared.Code))
            return null;
        string code = LoopInstrumenter.Instrument(prepared.Code);
        ScriptOptions options = context.OptionsFor(filePath, baseDirectory);
        ScriptState<object> next = context.State is null
            ? CSharpScript.Create(code, options, typeof(NotebookGlobals)).RunAsync(context.Globals, _ => true, CancellationToken.None).GetAwaiter().GetResult()
            : context.State.ContinueWithAsync(code, options, _ => true, CancellationToken.None).GetAwaiter().GetResult();
        if (next.Exception is { } exception)
            throw new CellException(exception);
        context.State = next;
        return next.ReturnValue;
    }

    /// <summary>
    /// <c>#!import path</c>: runs an .ipynb's C# code cells, or a .csx/.cs file's code, in the shared state (as
    /// Polyglot did); the path resolves against the importing file's folder. Their results are not shown.
    /// </summary>
    private static void RunImport(CellSource.Import import, string importer, string baseDirectory, CellContext context, CancellationToken cancellationToken)
    {
        string path = Path.GetFullPath(Path.Combine(baseDirectory, import.Path));
        if (!File.Exists(path))
            throw new FileNotFoundException($"{importer} line {import.Line}: #!import '{import.Path}': {path} does not exist", path);
        if (!context.Importing.Add(path))
            throw new InvalidOperationException($"{importer} line {import.Line}: #!import '{import.Path}' imports itself (cycle through {path})");
        try
        {
            string directory = Path.GetDirectoryName(path)!;
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".ipynb":
                    Notebook notebook = NotebookFile.Load(path);
                    int number = 0;
                    foreach (NotebookCell cell in notebook.Cells)
                    {
                        if (cell.CellType != NotebookCellType.Code) continue;
                        number++;
                        Execute(CellSource.Prepare(cell), $"{path}#cell{number}", directory, context, cancellationToken);
                    }
                    break;
                case ".csx" or ".cs":
                    Execute(CellSource.Prepare(File.ReadAllText(path)), path, directory, context, cancellationToken);
                    break;
                default:
                    throw new NotSupportedException($"{importer} line {import.Line}: #!import '{import.Path}': only .ipynb, .csx and .cs files can be imported");
            }
        }
        finally
        {
            context.Importing.Remove(path);
        }
    }
}
