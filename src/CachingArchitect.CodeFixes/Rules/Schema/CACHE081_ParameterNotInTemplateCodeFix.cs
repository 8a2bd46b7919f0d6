using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Schema;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Rules.Schema;

/// <summary>
/// CACHE081 fix: appends <c>:{parameter}</c> to the end of a literal template, so that the parameter becomes the last key segment
/// (<c>"user:{userId}"</c> + <c>tenant</c> → <c>"user:{userId}:{tenant}"</c>). When the parameter is simply superfluous, remove it by
/// hand instead: that changes the method's callers, which a fix should not do silently.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterNotInTemplateCodeFix))]
[Shared]
public sealed class ParameterNotInTemplateCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.ParameterNotInTemplate;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ParameterNotInTemplateAnalyzer.PlaceholderProperty, out var name) || string.IsNullOrEmpty(name) ||
            diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal ||
            !literal.Token.IsKind(SyntaxKind.StringLiteralToken) || !literal.Token.Text.EndsWith("\"", System.StringComparison.Ordinal))
        {
            yield break;
        }

        var insertion = ":{" + name + "}";
        yield return CacheFix.Text(
            "Add '" + insertion + "' to the end of the key template",
            RuleIds.ParameterNotInTemplate,
            new TextChange(new TextSpan(literal.Token.Span.End - 1, 0), insertion));
    }
}
