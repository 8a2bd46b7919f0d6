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
/// CACHE012 fix: inserts the first configured separator (default <c>:</c>) at the position the analyzer computed — inside the
/// interpolated string before the hole, before the closing quote of the preceding literal, as <c>":" + </c> before a <c>+</c>
/// operand, or as <c>":", </c> before a <c>string.Concat</c> argument. Text edits only, so trivia and formatting are preserved.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AmbiguousKeyCompositionCodeFix))]
[Shared]
public sealed class AmbiguousKeyCompositionCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.AmbiguousKeyComposition;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (TryGetEdit(diagnostic, out var change, out var separator))
        {
            yield return CacheFix.Text("Insert '" + separator + "' between the key parts", RuleIds.AmbiguousKeyComposition, change);
        }
    }

    private static bool TryGetEdit(Diagnostic diagnostic, out TextChange change, out string separator)
    {
        change = default;
        separator = string.Empty;
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(AmbiguousKeyCompositionAnalyzer.InsertAtProperty, out var at) ||
            !int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ||
            !properties.TryGetValue(AmbiguousKeyCompositionAnalyzer.InsertStyleProperty, out var style) ||
            !properties.TryGetValue(AmbiguousKeyCompositionAnalyzer.SeparatorProperty, out var sep) || string.IsNullOrEmpty(sep))
        {
            return false;
        }

        separator = sep!;
        var inserted = style switch
        {
            "InsideString" or "LiteralEnd" => separator,
            "BinaryOperand" => "\"" + separator + "\" + ",
            "Argument" => "\"" + separator + "\", ",
            _ => null,
        };

        if (inserted is null)
        {
            return false;
        }

        change = new TextChange(new TextSpan(position, 0), inserted);
        return true;
    }
}
