using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Consistency;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Consistency;

/// <summary>
/// CACHE020 fix: move the cache statement to just after the durable write (<c>SaveChanges</c>/<c>Commit</c>) statement of the
/// same block. The analyzer offers it only when nothing in between depends on the order (no jump, no other cache call, no
/// write to what the cache call reads).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheMutatedBeforeDurableWriteCodeFix))]
[Shared]
public sealed class CacheMutatedBeforeDurableWriteCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.CacheMutatedBeforeDurableWrite + ".MoveAfterWrite";

    private protected override string DiagnosticId => RuleIds.CacheMutatedBeforeDurableWrite;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(CacheMutatedBeforeDurableWriteAnalyzer.MoveProperty) || diagnostic.AdditionalLocations.Count < 2)
        {
            yield break;
        }

        var cacheStatement = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<ExpressionStatementSyntax>();
        var writeSpan = diagnostic.AdditionalLocations[0].SourceSpan;
        var runSpan = diagnostic.AdditionalLocations[1].SourceSpan;
        if (cacheStatement?.Parent is not BlockSyntax block)
        {
            yield break;
        }

        var run = new List<StatementSyntax>();
        var to = -1;
        for (var i = 0; i < block.Statements.Count; i++)
        {
            var statement = block.Statements[i];
            if (runSpan.Contains(statement.Span))
            {
                run.Add(statement);
            }
            else if (statement.Span == writeSpan)
            {
                to = i;
            }
        }

        if (run.Count == 0 || to < 0 || !run.Contains(cacheStatement) || block.Statements.IndexOf(run[run.Count - 1]) >= to)
        {
            yield break;
        }

        // Cache statements already after the write stay first, so fixes applied one at a time keep the source order.
        while (to + 1 < block.Statements.Count && IsCacheStatement(model, block.Statements[to + 1]))
        {
            to++;
        }

        var target = block.Statements[to];
        yield return CacheFix.Syntax(run.Count == 1 ? "Move the cache call after the durable write" : "Move the cache calls after the durable write", EquivalenceKey, () =>
        {
            // Each statement keeps its own trivia: a comment above a cache call moves with it.
            var statements = new List<StatementSyntax>();
            foreach (var statement in block.Statements)
            {
                if (run.Contains(statement))
                {
                    continue;
                }

                statements.Add(statement);
                if (statement == target)
                {
                    statements.AddRange(run);
                }
            }

            return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(statements)));
        });
    }

    private static bool IsCacheStatement(SemanticModel model, StatementSyntax statement)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return false;
        }

        while (expression is AwaitExpressionSyntax await)
        {
            expression = await.Expression;
        }

        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } })
        {
            expression = inner;
        }

        if (expression is not InvocationExpressionSyntax invocation || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        var ns = (method.ReducedFrom ?? method).ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns.StartsWith("Microsoft.Extensions.Caching", System.StringComparison.Ordinal) || ns.StartsWith("StackExchange.Redis", System.StringComparison.Ordinal) ||
               ns.StartsWith("ZiggyCreatures.Caching", System.StringComparison.Ordinal) || ns.StartsWith("Enyim.Caching", System.StringComparison.Ordinal) ||
               ns.StartsWith("System.Runtime.Caching", System.StringComparison.Ordinal);
    }
}
