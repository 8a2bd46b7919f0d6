using System;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.Analyzers.Infrastructure;

/// <summary>
/// The build-report mode (<c>CachingArchitectInventory=true</c>, made visible to the compiler with
/// <c>&lt;CompilerVisibleProperty Include="CachingArchitectInventory" /&gt;</c>): set only for the command-line build that writes
/// <c>TODO_caching-architect.md</c>, never in the IDE. It switches on the Inventory analyzers (CACHE900–CACHE909) and the
/// fix-proposal properties of findings (see docs/report-inventory.md).
/// </summary>
internal static class InventoryMode
{
    /// <summary>The global analyzer-config key of the MSBuild property.</summary>
    public const string BuildPropertyKey = "build_property.CachingArchitectInventory";

    /// <summary>True when the project's global options say <c>build_property.CachingArchitectInventory = true</c>.</summary>
    public static bool IsEnabled(AnalyzerOptions? options) =>
        options?.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(BuildPropertyKey, out var value) == true &&
        string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A proposed code change carried in a finding's properties, so the build report can render a unified diff without loading
/// Workspaces: <c>caFixTitle</c> (the code-fix title), <c>caFixStartLine</c> (1-based first line replaced), <c>caFixOldText</c>
/// (the exact old text of those whole lines, <c>\n</c>-joined, no trailing newline) and <c>caFixNewText</c> (the replacement
/// lines). Attached only in inventory mode (<see cref="InventoryMode"/>); the text equals what the rule's code fix produces.
/// </summary>
internal static class FixProposal
{
    public const string TitleProperty = "caFixTitle";
    public const string StartLineProperty = "caFixStartLine";
    public const string OldTextProperty = "caFixOldText";
    public const string NewTextProperty = "caFixNewText";

    /// <summary>
    /// Adds the proposal for replacing <paramref name="span"/> of <paramref name="tree"/> with <paramref name="replacement"/>
    /// when inventory mode is on. Does nothing (and costs nothing) otherwise.
    /// </summary>
    public static void Add(
        ImmutableDictionary<string, string?>.Builder properties,
        AnalyzerOptions options,
        string title,
        SyntaxTree tree,
        TextSpan span,
        string replacement,
        System.Threading.CancellationToken cancellationToken)
    {
        if (!InventoryMode.IsEnabled(options))
        {
            return;
        }

        var text = tree.GetText(cancellationToken);
        if (span.End > text.Length)
        {
            return;
        }

        var first = text.Lines.GetLineFromPosition(span.Start);
        var last = text.Lines.GetLineFromPosition(span.End);
        var oldLines = new StringBuilder();
        for (var i = first.LineNumber; i <= last.LineNumber; i++)
        {
            if (i > first.LineNumber)
            {
                oldLines.Append('\n');
            }

            oldLines.Append(text.Lines[i].ToString());
        }

        var before = text.ToString(TextSpan.FromBounds(first.Start, span.Start));
        var after = text.ToString(TextSpan.FromBounds(span.End, last.End));
        var newText = Normalize(before + replacement + after);

        properties[TitleProperty] = title;
        properties[StartLineProperty] = (first.LineNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        properties[OldTextProperty] = oldLines.ToString();
        properties[NewTextProperty] = newText;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
