using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Performance;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Performance;

/// <summary>
/// CACHE042 partial fix, for the one shape where it is mechanical: <c>foreach (var x in xs) list.Add(await db.StringGetAsync(key(x)));</c>
/// becomes <c>list.AddRange(await db.StringGetAsync(xs.Select(x =&gt; (RedisKey)(key(x))).ToArray()));</c> — one MGET, values in the
/// same order. Other shapes get no fix (batch them, or await <c>Task.WhenAll</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RoundTripsInLoopCodeFix))]
[Shared]
public sealed class RoundTripsInLoopCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.RoundTripsInLoop + ".Mget";

    private protected override string DiagnosticId => RuleIds.RoundTripsInLoop;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(RoundTripsInLoopAnalyzer.MgetShapeProperty) ||
            FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { ArgumentList.Arguments.Count: 1 } call ||
            call.FirstAncestorOrSelf<ForEachStatementSyntax>() is not { } loop ||
            call.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax addName } add } ||
            FixHelpers.NamespacePrefix(model, loop.SpanStart, "System.Linq", "Enumerable").Length > 0)
        {
            yield break;
        }

        var key = call.ArgumentList.Arguments[0].Expression;
        var redisKey = FixHelpers.NamespacePrefix(model, loop.SpanStart, "StackExchange.Redis", "RedisKey") + "RedisKey";
        var lambda = $"{loop.Identifier.ValueText} => ({redisKey})({key.WithoutTrivia()})";
        var collection = loop.Expression.WithoutTrivia().ToString();
        var keys = SyntaxFactory.ParseExpression($"{Parenthesize(loop.Expression, collection)}.Select({lambda}).ToArray()");

        yield return CacheFix.Syntax("Read all keys with one multi-key StringGetAsync (MGET)", EquivalenceKey, () =>
        {
            var newAdd = add.ReplaceNode(key, keys);
            var newName = ((MemberAccessExpressionSyntax)newAdd.Expression).WithName(SyntaxFactory.IdentifierName("AddRange").WithTriviaFrom(addName.Name));
            newAdd = newAdd.WithExpression(newName);
            var statement = SyntaxFactory.ExpressionStatement(newAdd.WithoutTrivia())
                .WithTriviaFrom(loop)
                .WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(loop, statement);
        });
    }

    private static string Parenthesize(ExpressionSyntax expression, string text) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax ? text : "(" + text + ")";
}
