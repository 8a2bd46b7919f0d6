using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Schema;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Rules.Schema;

/// <summary>
/// CACHE082 partial fix: declares the bound of an unbounded string key part with <c>[CacheKeyPart(MaxLength = 64)]</c> (the
/// generated builder then rejects longer values and forbidden characters at run time). Adjust 64 to the real domain. Timestamps,
/// floating-point numbers, objects and collections need a different parameter type, which only the author can choose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedKeyPartCodeFix))]
[Shared]
public sealed class UnboundedKeyPartCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.UnboundedKeyPart;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UnboundedKeyPartAnalyzer.AddBoundProperty, out var bound) || string.IsNullOrEmpty(bound) ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node ||
            (node as ParameterSyntax ?? node.Parent as ParameterSyntax) is not { } parameter)
        {
            yield break;
        }

        var name = "CacheKeyPart";
        var resolves = false;
        foreach (var symbol in model.LookupNamespacesAndTypes(parameter.SpanStart, name: "CacheKeyPartAttribute"))
        {
            if (symbol is INamedTypeSymbol { ContainingNamespace.Name: "CachingArchitect" })
            {
                resolves = true;
            }
        }

        if (!resolves)
        {
            name = "global::CachingArchitect.CacheKeyPart";
        }

        var attribute = "[" + name + "(MaxLength = " + bound + ")] ";
        yield return CacheFix.Text(
            "Declare the bound: [CacheKeyPart(MaxLength = " + bound + ")]",
            RuleIds.UnboundedKeyPart,
            new TextChange(new TextSpan(parameter.SpanStart, 0), attribute));
    }
}
