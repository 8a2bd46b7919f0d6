using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Schema;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Rules.Schema;

/// <summary>
/// CACHE084 partial fix (missing <c>Ttl</c>): adds <c>Ttl = "…"</c> with the team's <c>caching_architect.default_ttl</c>
/// (default 5 minutes) to the <c>[CacheKey]</c> attribute. The Info variant (missing <c>MaxStaleness</c>) has no fix: the staleness
/// budget is a decision only the team can write down.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingSchemaDurationCodeFix))]
[Shared]
public sealed class MissingSchemaDurationCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.MissingSchemaDuration;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(MissingSchemaDurationAnalyzer.MissingProperty, out var missing) || missing != "Ttl" ||
            !diagnostic.Properties.TryGetValue(CachingArchitectOptions.TtlProperty, out var ttl) || !TtlSyntax.TryParseProperty(ttl, out _) ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
        {
            yield break;
        }

        var text = "Ttl = \"" + ttl + "\"";
        TextChange change;
        if (attribute.ArgumentList is null)
        {
            change = new TextChange(new TextSpan(attribute.Name.Span.End, 0), "(" + text + ")");
        }
        else if (attribute.ArgumentList.Arguments.Count == 0)
        {
            change = new TextChange(new TextSpan(attribute.ArgumentList.CloseParenToken.SpanStart, 0), text);
        }
        else
        {
            change = new TextChange(new TextSpan(attribute.ArgumentList.Arguments[attribute.ArgumentList.Arguments.Count - 1].Span.End, 0), ", " + text);
        }

        yield return CacheFix.Text("Add " + text + " (caching_architect.default_ttl)", RuleIds.MissingSchemaDuration, change);
    }
}
