using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Consistency;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Consistency;

/// <summary>
/// CACHE025 fix: materialize the deferred query before it is cached — <c>query.ToList()</c>, or <c>await query.ToListAsync()</c>
/// for an EF Core query in an async body — adding <c>using System.Linq;</c> / <c>using Microsoft.EntityFrameworkCore;</c> when
/// the method is not in scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeferredQueryCachedCodeFix))]
[Shared]
public sealed class DeferredQueryCachedCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.DeferredQueryCached + ".Materialize";

    private protected override string DiagnosticId => RuleIds.DeferredQueryCached;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DeferredQueryCachedAnalyzer.MaterializeProperty, out var materialize) || materialize is null ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax found)
        {
            yield break;
        }

        var expression = found;
        while (expression.Parent is ExpressionSyntax parent && parent.Span == diagnostic.Location.SourceSpan)
        {
            expression = parent;
        }

        var isAsync = materialize == DeferredQueryCachedAnalyzer.MaterializeToListAsync;
        var ns = isAsync ? "Microsoft.EntityFrameworkCore" : "System.Linq";
        var needsUsing = !Binds(model, expression, isAsync ? "ToListAsync" : "ToList");
        var title = isAsync ? "Materialize the query with ToListAsync()" : "Materialize the query with ToList()";
        yield return CacheFix.Syntax(title, EquivalenceKey, () =>
        {
            var receiver = expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
                ? expression.WithoutTrivia()
                : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());
            ExpressionSyntax replacement = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(materialize)));
            if (isAsync)
            {
                replacement = SyntaxFactory.AwaitExpression(replacement);
            }

            var newRoot = root.ReplaceNode(expression, replacement.WithTriviaFrom(expression).WithAdditionalAnnotations(Formatter.Annotation));
            return needsUsing && newRoot is CompilationUnitSyntax unit ? AddUsing(unit, ns) : newRoot;
        });
    }

    /// <summary>True when <c>(expression).<paramref name="method"/>()</c> binds at the expression's position (the extension's namespace is imported).</summary>
    private static bool Binds(SemanticModel model, ExpressionSyntax expression, string method)
    {
        var probe = SyntaxFactory.ParseExpression("(" + expression.WithoutTrivia().ToFullString() + ")." + method + "()");
        var info = model.GetSpeculativeSymbolInfo(expression.SpanStart, probe, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is not null || info.CandidateSymbols.Length > 0;
    }

    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string ns)
    {
        if (unit.Usings.Any(u => u.Name?.ToString() == ns && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None)))
        {
            return unit;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).WithAdditionalAnnotations(Formatter.Annotation);
        return unit.AddUsings(directive);
    }
}
