using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MarketLab.Experiments.Notebooks;

/// <summary>
/// Rewrites a cell's source so every <c>while</c>, <c>do</c>, <c>for</c> and <c>foreach</c> body (in lambdas,
/// local functions and script classes too) starts with <see cref="CellInterruption.Check"/>. The call is put on
/// the body's first line with no new line breaks, so diagnostics and stack traces keep their line numbers.
/// Loops made with <c>goto</c> and unbounded recursion are not instrumented.
/// </summary>
internal static class LoopInstrumenter
{
    private static readonly CSharpParseOptions ScriptParse =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    public static string Instrument(string code)
    {
        if (!MayLoop(code)) return code;
        SyntaxNode root = CSharpSyntaxTree.ParseText(code, ScriptParse).GetRoot();
        return new Rewriter().Visit(root).ToFullString();
    }

    private static bool MayLoop(string code) =>
        code.Contains("while", StringComparison.Ordinal) || code.Contains("for", StringComparison.Ordinal);

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private static StatementSyntax Check() => SyntaxFactory.ParseStatement(
            "global::MarketLab.Experiments.Notebooks.CellInterruption.Check();");

        private static StatementSyntax Instrument(StatementSyntax body) => body switch
        {
            BlockSyntax block => block.WithStatements(block.Statements.Insert(0, Check())),
            _ => SyntaxFactory.Block(Check(), body.WithoutTrivia())
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(body.GetLeadingTrivia()))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(body.GetTrailingTrivia())),
        };

        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
        {
            var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
            return visited.WithStatement(Instrument(visited.Statement));
        }

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
        {
            var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
            return visited.WithStatement(Instrument(visited.Statement));
        }

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
        {
            var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
            return visited.WithStatement(Instrument(visited.Statement));
        }

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
        {
            var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
            return visited.WithStatement(Instrument(visited.Statement));
        }

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
        {
            var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
            return visited.WithStatement(Instrument(visited.Statement));
        }
    }
}
