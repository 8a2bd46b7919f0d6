using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE004 fix: give the Redis write a TTL — add <c>expiry</c> (works for the 2.x <c>TimeSpan? expiry</c> and the
/// 2.10+/3.x <c>Expiration expiry</c> overload families alike), replace a "no expiry" argument, or merge a following
/// <c>KeyExpire</c> into the write and delete it. A second action keeps the existing TTL instead
/// (<c>Expiration.KeepTtl</c> or <c>keepTtl: true</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RedisKeyWithoutTtlCodeFix))]
[Shared]
public sealed class RedisKeyWithoutTtlCodeFix : CacheCodeFixProvider
{
    public const string AddTtlEquivalenceKey = RuleIds.RedisKeyWithoutTtl + ".AddTtl";

    public const string KeepTtlEquivalenceKey = RuleIds.RedisKeyWithoutTtl + ".KeepTtl";

    private protected override string DiagnosticId => RuleIds.RedisKeyWithoutTtl;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null)
        {
            yield break;
        }

        if (diagnostic.Properties.TryGetValue(RedisKeyWithoutTtlAnalyzer.ShapeProperty, out var shape) && shape is not null &&
            TryCreateEdit(root, model, diagnostic, invocation, shape) is { } edit)
        {
            var title = shape == RedisKeyWithoutTtlAnalyzer.ShapeMerge
                ? "Pass the TTL to the write and remove the separate KeyExpire"
                : FixHelpers.TitleWithTtl("Add a TTL", diagnostic);
            yield return CacheFix.Syntax(title, AddTtlEquivalenceKey, edit);
        }

        if (diagnostic.Properties.TryGetValue(RedisKeyWithoutTtlAnalyzer.KeepTtlStyleProperty, out var style) && style is not null)
        {
            yield return CacheFix.Syntax("Keep the key's existing TTL", KeepTtlEquivalenceKey, () => root.ReplaceNode(invocation, KeepTtl(model, invocation, style)));
        }
    }

    private static Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, InvocationExpressionSyntax invocation, string shape)
    {
        var ttl = FixHelpers.TtlExpression(model, diagnostic.Location.SourceSpan.Start, FixHelpers.GetTtl(diagnostic));
        switch (shape)
        {
            case RedisKeyWithoutTtlAnalyzer.ShapeAddExpiry:
                return () => root.ReplaceNode(invocation, AddExpiry(invocation, ttl));

            case RedisKeyWithoutTtlAnalyzer.ShapeReplaceExpiry when diagnostic.AdditionalLocations.Count > 0:
                var expression = FixHelpers.GetArgumentExpression(FixHelpers.FindAdditionalNode(root, diagnostic));
                return expression is null ? null : () => root.ReplaceNode(expression, ttl.WithTriviaFrom(expression));

            case RedisKeyWithoutTtlAnalyzer.ShapeMerge when diagnostic.AdditionalLocations.Count > 1:
                var statement = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan).FirstAncestorOrSelf<StatementSyntax>();
                var ttlNode = FixHelpers.FindAdditionalNode(root, diagnostic, 1);
                var ttlExpression = ttlNode as ExpressionSyntax ?? (ttlNode as ArgumentSyntax)?.Expression;
                if (statement is null || ttlExpression is null || statement.Contains(invocation))
                {
                    return null;
                }

                return () =>
                {
                    var tracked = root.TrackNodes(invocation, statement);
                    tracked = tracked.ReplaceNode(tracked.GetCurrentNode(invocation)!, AddExpiry(invocation, ttlExpression.WithoutTrivia()));
                    return tracked.RemoveNode(tracked.GetCurrentNode(statement)!, SyntaxRemoveOptions.KeepNoTrivia)!;
                };

            default:
                return null;
        }
    }

    /// <summary>
    /// <c>StringSet(key, value)</c> → <c>StringSet(key, value, ttl)</c>; with more or named arguments, a named
    /// <c>expiry: ttl</c>, which binds to the <c>TimeSpan? expiry</c> and <c>Expiration expiry</c> families alike.
    /// </summary>
    private static InvocationExpressionSyntax AddExpiry(InvocationExpressionSyntax invocation, ExpressionSyntax ttl)
    {
        var arguments = invocation.ArgumentList.Arguments;
        var positional = arguments.Count == 2 && arguments.All(a => a.NameColon is null) && !IsMultiKey(invocation);
        var argument = positional
            ? SyntaxFactory.Argument(ttl)
            : SyntaxFactory.Argument(SyntaxFactory.NameColon("expiry"), default, ttl);
        return SyntaxEdits.WithArguments(invocation, arguments.Add(argument));
    }

    private static bool IsMultiKey(InvocationExpressionSyntax invocation) => invocation.ArgumentList.Arguments.Count < 2;

    private static InvocationExpressionSyntax KeepTtl(SemanticModel model, InvocationExpressionSyntax invocation, string style)
    {
        if (style == RedisKeyWithoutTtlAnalyzer.KeepTtlBool)
        {
            var keep = SyntaxFactory.Argument(
                SyntaxFactory.NameColon("keepTtl"), default, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
            return SyntaxEdits.WithArguments(invocation, invocation.ArgumentList.Arguments.Add(keep));
        }

        var prefix = FixHelpers.NamespacePrefix(model, invocation.SpanStart, "StackExchange.Redis", "Expiration");
        return AddExpiry(invocation, SyntaxFactory.ParseExpression(prefix + "Expiration.KeepTtl"));
    }
}
