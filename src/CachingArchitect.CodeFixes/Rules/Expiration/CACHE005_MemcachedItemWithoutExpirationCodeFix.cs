using System;
using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE005 fix: replace the "never expires" value (<c>0</c>, <c>TimeSpan.Zero/MaxValue</c>, <c>DateTime.MaxValue</c>)
/// with <c>caching_architect.default_ttl</c> (seconds for <c>cacheSeconds</c>, a <c>TimeSpan</c> otherwise), or call the
/// <c>Store</c>/<c>Cas</c> overload that takes a <c>TimeSpan validFor</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MemcachedItemWithoutExpirationCodeFix))]
[Shared]
public sealed class MemcachedItemWithoutExpirationCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.MemcachedItemWithoutExpiration;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(MemcachedItemWithoutExpirationAnalyzer.ShapeProperty, out var shape) && shape is not null &&
            TryCreateEdit(root, model, diagnostic, shape) is { } edit)
        {
            yield return CacheFix.Syntax(
                FixHelpers.TitleWithTtl("Store with an expiration", diagnostic),
                RuleIds.MemcachedItemWithoutExpiration + ".AddExpiration",
                edit);
        }
    }

    private static Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var ttl = FixHelpers.GetTtl(diagnostic);
        var position = diagnostic.Location.SourceSpan.Start;
        var additional = FixHelpers.FindAdditionalNode(root, diagnostic);

        switch (shape)
        {
            case MemcachedItemWithoutExpirationAnalyzer.ShapeReplaceSeconds when FixHelpers.GetArgumentExpression(additional) is { } seconds:
                var literal = SyntaxFactory.LiteralExpression(
                    SyntaxKind.NumericLiteralExpression,
                    SyntaxFactory.Literal(long.Parse(TtlSyntax.ToSeconds(ttl), CultureInfo.InvariantCulture) is var n && n <= int.MaxValue ? (int)n : int.MaxValue));
                return () => root.ReplaceNode(seconds, literal.WithTriviaFrom(seconds));

            case MemcachedItemWithoutExpirationAnalyzer.ShapeReplaceTimeSpan when FixHelpers.GetArgumentExpression(additional) is { } expiry:
                return () => root.ReplaceNode(expiry, FixHelpers.TtlExpression(model, position, ttl).WithTriviaFrom(expiry));

            case MemcachedItemWithoutExpirationAnalyzer.ShapeAddTtl:
                var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (invocation is null || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null))
                {
                    return null;
                }

                var arguments = invocation.ArgumentList.Arguments;
                var ttlArgument = SyntaxFactory.Argument(FixHelpers.TtlExpression(model, position, ttl));
                SeparatedSyntaxList<ArgumentSyntax> newArguments;
                switch (arguments.Count)
                {
                    // Store(mode, key, value) → Store(mode, key, value, ttl); Cas(mode, key, value) → Cas(mode, key, value, ttl, 0).
                    case 3 when IsCas(invocation):
                        newArguments = arguments.Add(ttlArgument).Add(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))));
                        break;
                    case 3:
                        newArguments = arguments.Add(ttlArgument);
                        break;

                    // Cas(mode, key, value, cas) → Cas(mode, key, value, ttl, cas).
                    case 4 when IsCas(invocation):
                        newArguments = arguments.Insert(3, ttlArgument);
                        break;
                    default:
                        return null;
                }

                return () => root.ReplaceNode(invocation, SyntaxEdits.WithArguments(invocation, newArguments));

            default:
                return null;
        }
    }

    private static bool IsCas(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "Cas",
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText == "Cas",
        _ => false,
    };
}
