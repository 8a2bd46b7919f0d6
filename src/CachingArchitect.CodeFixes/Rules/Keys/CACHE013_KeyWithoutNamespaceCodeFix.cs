using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Keys;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Rules.Keys;

/// <summary>
/// CACHE013 partial fix (b): appends the first configured separator (default <c>:</c>) to a literal
/// <c>RedisCacheOptions.InstanceName</c>, so <c>"MyApp"</c> becomes <c>"MyApp:"</c>. Other CACHE013 cases have no mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeyWithoutNamespaceCodeFix))]
[Shared]
public sealed class KeyWithoutNamespaceCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.KeyWithoutNamespace;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(KeyWithoutNamespaceAnalyzer.InsertAtProperty, out var at) &&
            int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var position) &&
            diagnostic.Properties.TryGetValue(KeyWithoutNamespaceAnalyzer.SeparatorProperty, out var separator) &&
            !string.IsNullOrEmpty(separator))
        {
            yield return CacheFix.Text(
                "End InstanceName with '" + separator + "'",
                RuleIds.KeyWithoutNamespace + ".InstanceName",
                new TextChange(new TextSpan(position, 0), separator!));
        }
    }
}
