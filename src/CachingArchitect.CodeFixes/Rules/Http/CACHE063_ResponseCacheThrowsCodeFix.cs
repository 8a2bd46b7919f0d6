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
/// CACHE063 fix for a missing <c>Duration</c>: add <c>Duration = 60</c> to the attribute (main fix), or <c>NoStore = true</c> (offered first when
/// the attribute says <c>Location = None</c>, whose intent is not to cache). Undefined profiles and missing middleware need a human.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseCacheThrowsCodeFix))]
[Shared]
public sealed class ResponseCacheThrowsCodeFix : CacheCodeFixProvider
{
    public const string AddDurationEquivalenceKey = RuleIds.ResponseCacheThrows + ".AddDuration";
    public const string AddNoStoreEquivalenceKey = RuleIds.ResponseCacheThrows + ".AddNoStore";

    private protected override string DiagnosticId => RuleIds.ResponseCacheThrows;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ResponseCacheThrowsAnalyzer.FixProperty, out var fix) || fix != ResponseCacheThrowsAnalyzer.FixDuration ||
            FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
        {
            yield break;
        }

        var duration = CacheFix.Syntax("Add Duration = 60 (seconds)", AddDurationEquivalenceKey, () => root.ReplaceNode(attribute, WithArgument(attribute, "Duration", SyntaxFactory.ParseExpression("60"))));
        var noStore = CacheFix.Syntax("Add NoStore = true", AddNoStoreEquivalenceKey, () => root.ReplaceNode(attribute, WithArgument(attribute, "NoStore", SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression))));
        if (diagnostic.Properties.ContainsKey(ResponseCacheThrowsAnalyzer.LocationNoneProperty))
        {
            yield return noStore;
            yield return duration;
        }
        else
        {
            yield return duration;
            yield return noStore;
        }
    }

    /// <summary>The attribute with <c>name = value</c> set: an existing named argument is replaced, otherwise one is appended.</summary>
    internal static AttributeSyntax WithArgument(AttributeSyntax attribute, string name, ExpressionSyntax value)
    {
        var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        foreach (var argument in list.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return attribute.ReplaceNode(argument.Expression, value.WithTriviaFrom(argument.Expression));
            }
        }

        var added = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name), SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
            null,
            value);
        var arguments = list.Arguments.Count == 0
            ? SyntaxFactory.SingletonSeparatedList(added)
            : list.Arguments.Add(added.WithLeadingTrivia(SyntaxFactory.Space));
        return attribute.WithArgumentList(list.WithArguments(arguments));
    }
}
