using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Http;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Http;

/// <summary>
/// CACHE062 fix: move the <c>app.UseOutputCache();</c>/<c>app.UseResponseCaching();</c> statement to just after the last prerequisite
/// middleware statement (or just before the terminal endpoint middleware) of the same block or top-level program. The analyzer offers it
/// only when that one move satisfies every ordering constraint.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CachingMiddlewareOrderCodeFix))]
[Shared]
public sealed class CachingMiddlewareOrderCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.CachingMiddlewareOrder + ".Move";

    private protected override string DiagnosticId => RuleIds.CachingMiddlewareOrder;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CachingMiddlewareOrderAnalyzer.MoveProperty, out var move) || diagnostic.AdditionalLocations.Count < 1)
        {
            yield break;
        }

        var after = move == CachingMiddlewareOrderAnalyzer.MoveAfter;
        var statement = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<ExpressionStatementSyntax>();
        var anchorSpan = diagnostic.AdditionalLocations[0].SourceSpan;
        if (statement is null)
        {
            yield break;
        }

        var name = statement.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.Identifier.ValueText : "the caching middleware";
        var title = after ? $"Move '{name}' to its documented position" : $"Move '{name}' before the endpoint middleware";

        if (statement.Parent is BlockSyntax block)
        {
            var anchor = FindAnchor(block.Statements, anchorSpan);
            if (anchor is null || anchor == statement)
            {
                yield break;
            }

            yield return CacheFix.Syntax(title, EquivalenceKey, () =>
                root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(Move(block.Statements, statement, anchor, after)))));
        }
        else if (statement.Parent is GlobalStatementSyntax global && global.Parent is CompilationUnitSyntax unit)
        {
            GlobalStatementSyntax? anchor = null;
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax candidate && candidate.Statement.Span == anchorSpan)
                {
                    anchor = candidate;
                }
            }

            if (anchor is null || anchor == global)
            {
                yield break;
            }

            yield return CacheFix.Syntax(title, EquivalenceKey, () =>
                root.ReplaceNode(unit, unit.WithMembers(SyntaxFactory.List(Move(unit.Members, (MemberDeclarationSyntax)global, anchor, after)))));
        }
    }

    private static StatementSyntax? FindAnchor(SyntaxList<StatementSyntax> statements, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        foreach (var candidate in statements)
        {
            if (candidate.Span == span)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The list with <paramref name="moved"/> taken out and put back just after (or before) <paramref name="anchor"/>; each node keeps its own trivia.</summary>
    private static List<T> Move<T>(SyntaxList<T> list, T moved, T anchor, bool after)
        where T : SyntaxNode
    {
        var result = new List<T>();
        foreach (var item in list)
        {
            if (item == moved)
            {
                continue;
            }

            if (item == anchor && !after)
            {
                result.Add(moved);
            }

            result.Add(item);
            if (item == anchor && after)
            {
                result.Add(moved);
            }
        }

        return result;
    }
}
