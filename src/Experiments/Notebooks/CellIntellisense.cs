using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MarketLab.Experiments.Notebooks;

/// <summary>Names that complete the word before the cursor, which spans [<see cref="Start"/>, <see cref="End"/>) of the code (UTF-16 offsets).</summary>
public sealed record CellCompletions(IReadOnlyList<string> Matches, int Start, int End);

/// <summary>Whether a cell's text is a whole submission (Jupyter's is_complete_request).</summary>
public enum CellCompleteness
{
    Complete,
    Incomplete,
    Invalid,
}

/// <summary>
/// Completion, inspection and completeness of cell code, from Roslyn's semantic model of the code as the next
/// submission after the executor's earlier cells (so earlier variables and types are known). Completion looks up
/// the symbols in scope at the cursor, or the members of the expression before a dot, and keeps those starting
/// with the typed prefix (case-insensitive, exact-case first).
/// </summary>
public static class CellIntellisense
{
    public static CellCompletions Complete(this CellExecutor executor, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        string prefix = code[start..cursor];
        SemanticModel model = Model(executor, code, out SyntaxTree tree);
        ITypeSymbol? container = null;
        bool staticOnly = false;
        int dot = start - 1;
        while (dot >= 0 && char.IsWhiteSpace(code[dot])) dot--;
        if (dot >= 0 && code[dot] == '.')
        {
            SyntaxToken token = tree.GetRoot().FindToken(dot);
            if (token.Parent is MemberAccessExpressionSyntax access)
            {
                SymbolInfo symbol = model.GetSymbolInfo(access.Expression);
                if (symbol.Symbol is INamespaceOrTypeSymbol namespaceOrType)
                {
                    staticOnly = true;
                    return Result(model.LookupSymbols(start, namespaceOrType), prefix, start, cursor, staticOnly);
                }
                container = model.GetTypeInfo(access.Expression).Type;
            }
            else if (token.Parent is QualifiedNameSyntax qualified && model.GetSymbolInfo(qualified.Left).Symbol is INamespaceOrTypeSymbol left)
                return Result(model.LookupSymbols(start, left), prefix, start, cursor, staticOnly: true);
            if (container is null) return new CellCompletions([], start, cursor);
            return Result(model.LookupSymbols(start, container, includeReducedExtensionMethods: true), prefix, start, cursor, staticOnly);
        }
        return Result(model.LookupSymbols(start), prefix, start, cursor, staticOnly);
    }

    /// <summary>The symbol under (or just before) the cursor as a signature and kind, or null when there is none.</summary>
    public static string? Inspect(this CellExecutor executor, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        SemanticModel model = Model(executor, code, out SyntaxTree tree);
        SyntaxNode root = tree.GetRoot();
        foreach (int position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= code.Length) continue;
            SyntaxToken token = root.FindToken(position);
            for (SyntaxNode? node = token.Parent; node is not null and not StatementSyntax and not CompilationUnitSyntax; node = node.Parent)
            {
                ISymbol? symbol = model.GetSymbolInfo(node).Symbol ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault()
                    ?? model.GetDeclaredSymbol(node);
                if (symbol is not null)
                    return Describe(symbol);
            }
        }
        return null;
    }

    /// <summary>Complete when Roslyn reads the text as a whole submission; incomplete when it ends inside a block,
    /// string or statement; invalid when it is whole but has syntax errors.</summary>
    public static CellCompleteness IsComplete(string code)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest));
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return CellCompleteness.Incomplete;
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? CellCompleteness.Invalid : CellCompleteness.Complete;
    }

    private static SemanticModel Model(CellExecutor executor, string code, out SyntaxTree tree)
    {
        Compilation compilation = executor.Continue(code).GetCompilation();
        tree = compilation.SyntaxTrees.Last();
        return compilation.GetSemanticModel(tree);
    }

    private static CellCompletions Result(IEnumerable<ISymbol> symbols, string prefix, int start, int end, bool staticOnly)
    {
        var names = symbols
            .Where(s => s.CanBeReferencedByName && (!staticOnly || s.IsStatic || s is INamespaceOrTypeSymbol) && !s.Name.StartsWith("<", StringComparison.Ordinal))
            .Select(s => s.Name)
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !n.StartsWith("Submission#", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n.StartsWith(prefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new CellCompletions(names, start, end);
    }

    private static string Describe(ISymbol symbol)
    {
        string kind = symbol switch
        {
            INamedTypeSymbol named => named.TypeKind.ToString().ToLowerInvariant(),
            IMethodSymbol => "method",
            IPropertySymbol => "property",
            IFieldSymbol => "field",
            ILocalSymbol => "local variable",
            IParameterSymbol => "parameter",
            INamespaceSymbol => "namespace",
            _ => symbol.Kind.ToString().ToLowerInvariant(),
        };
        string text = $"{kind} {symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}";
        ITypeSymbol? type = symbol switch { ILocalSymbol l => l.Type, IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, IParameterSymbol p => p.Type, _ => null };
        if (type is not null) text += $"\ntype: {type.ToDisplayString()}";
        if (symbol.ContainingAssembly is { } assembly) text += $"\nassembly: {assembly.Identity.Name}";
        return text;
    }
}
