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
        if (!diagnostic.Properties.ContainsKey(CacheMutatedBeforeDurableWriteAnalyzer.MoveProperty) || diagnostic.AdditionalLocations.Count == 0)
        {
            yield break;
        }

        var cacheStatement = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<ExpressionStatementSyntax>();
        var writeStatement = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>(
            s => s.Span == diagnostic.AdditionalLocations[0].SourceSpan);
        if (cacheStatement?.Parent is not BlockSyntax block || writeStatement is null || writeStatement.Parent != block)
        {
            yield break;
        }

        var from = block.Statements.IndexOf(cacheStatement);
        var to = block.Statements.IndexOf(writeStatement);
        if (from < 0 || to <= from)
        {
            yield break;
        }

        yield return CacheFix.Syntax("Move the cache call after the durable write", EquivalenceKey, () =>
        {
            var statements = new List<StatementSyntax>(block.Statements);
            // Each statement keeps its own trivia: a comment above the cache call moves with it.
            statements.RemoveAt(from);
            statements.Insert(to, cacheStatement);
            var newBlock = block.WithStatements(SyntaxFactory.List(statements));
            return root.ReplaceNode(block, newBlock);
        });
    }
}
