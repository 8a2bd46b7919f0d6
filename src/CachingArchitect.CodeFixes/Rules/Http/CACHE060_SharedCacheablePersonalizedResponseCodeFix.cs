using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Model.Http;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Http;

/// <summary>
/// CACHE060 fix: make the response private. <c>[ResponseCache]</c> gets <c>Location = ResponseCacheLocation.Client</c>; a constant
/// Cache-Control string loses <c>public</c>/<c>s-maxage</c> and gains <c>private</c>; a typed <c>CacheControlHeaderValue</c> initializer loses
/// <c>Public</c>/<c>SharedMaxAge</c> and gains <c>Private = true</c>. One equivalence key for all shapes (Fix All).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedCacheablePersonalizedResponseCodeFix))]
[Shared]
public sealed class SharedCacheablePersonalizedResponseCodeFix : CacheCodeFixProvider
{
    public const string MakePrivateEquivalenceKey = RuleIds.SharedCacheablePersonalizedResponse + ".MakePrivate";

    private protected override string DiagnosticId => RuleIds.SharedCacheablePersonalizedResponse;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        var node = FixHelpers.FindNode(root, diagnostic);
        if (node.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
        {
            var position = attribute.SpanStart;
            var location = SyntaxFactory.ParseExpression(FixHelpers.NamespacePrefix(model, position, "Microsoft.AspNetCore.Mvc", "ResponseCacheLocation") + "ResponseCacheLocation.Client");
            yield return CacheFix.Syntax("Make the response private (Location = ResponseCacheLocation.Client)", MakePrivateEquivalenceKey,
                () => root.ReplaceNode(attribute, ResponseCacheThrowsCodeFix.WithArgument(attribute, "Location", location)));
            yield break;
        }

        if (node is not ExpressionSyntax && node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is null)
        {
            yield break;
        }

        var statement = node.FirstAncestorOrSelf<ExpressionStatementSyntax>();
        var candidates = (statement ?? node).DescendantNodesAndSelf();
        var literal = candidates.OfType<LiteralExpressionSyntax>().FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression) && l.Token.Value is string text &&
                                                                                      CacheControlValue.Parse(text) is { IsValid: true, IsSharedCacheable: true });
        if (literal is not null)
        {
            var text = (string)literal.Token.Value!;
            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(MakePrivate(CacheControlValue.Parse(text)))).WithTriviaFrom(literal);
            yield return CacheFix.Syntax("Make the response private (Cache-Control: private)", MakePrivateEquivalenceKey, () => root.ReplaceNode(literal, replacement));
            yield break;
        }

        var creation = candidates.OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault(c => c.Initializer is not null &&
            model.GetTypeInfo(c).Type is { Name: "CacheControlHeaderValue" });
        if (creation?.Initializer is { } initializer)
        {
            yield return CacheFix.Syntax("Make the response private (Private = true)", MakePrivateEquivalenceKey, () => root.ReplaceNode(initializer, MakePrivate(initializer)));
        }
    }

    private static string MakePrivate(CacheControlValue value)
    {
        var parts = new List<string> { "private" };
        foreach (var directive in value.Directives)
        {
            if (directive.Name is not ("public" or "private" or "s-maxage" or "proxy-revalidate"))
            {
                parts.Add(directive.ToString());
            }
        }

        return string.Join(", ", parts);
    }

    private static InitializerExpressionSyntax MakePrivate(InitializerExpressionSyntax initializer)
    {
        var kept = new List<ExpressionSyntax>();
        foreach (var expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "Public" or "Private" or "SharedMaxAge" or "ProxyRevalidate" } })
            {
                continue;
            }

            kept.Add(expression.WithoutTrivia());
        }

        kept.Insert(0, SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("Private"), SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)));
        return initializer.WithExpressions(SyntaxFactory.SeparatedList(kept)).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
    }
}
