using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Resilience;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Rules.Resilience;

/// <summary>
/// CACHE031 fix (a): <c>AbortOnConnectFail = true</c> → <c>false</c>; a connection-string literal gets <c>,abortConnect=false</c>
/// appended, or its <c>abortConnect=true</c> replaced. The analyzer computes the text edit (literals with escape sequences,
/// constants defined elsewhere and appsettings files are reported without a fix). (b) and (c) have no automatic fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FragileRedisConnectionCodeFix))]
[Shared]
public sealed class FragileRedisConnectionCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.FragileRedisConnection + ".AbortConnectFalse";

    private protected override string DiagnosticId => RuleIds.FragileRedisConnection;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!diagnostic.Location.IsInSource ||
            !properties.TryGetValue(FragileRedisConnectionAnalyzer.StartProperty, out var startText) ||
            !properties.TryGetValue(FragileRedisConnectionAnalyzer.LengthProperty, out var lengthText) ||
            !properties.TryGetValue(FragileRedisConnectionAnalyzer.NewTextProperty, out var newText) || newText is null ||
            !int.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
            !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ||
            !diagnostic.Location.SourceSpan.Contains(new TextSpan(start, length)) && diagnostic.Location.SourceSpan.End < start + length)
        {
            yield break;
        }

        var title = newText == "false" ? "Set AbortOnConnectFail to false" : "Use abortConnect=false";
        yield return CacheFix.Text(title, EquivalenceKey, new TextChange(new TextSpan(start, length), newText));
    }
}
