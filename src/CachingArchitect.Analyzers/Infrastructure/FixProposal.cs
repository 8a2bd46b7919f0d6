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

    /// <summary>
    /// Returns <paramref name="properties"/> with the proposal for replacing the source text at <paramref name="location"/> by
    /// <paramref name="replacement"/> when inventory mode is on; unchanged otherwise (or when the location is not in source).
    /// </summary>
    public static ImmutableDictionary<string, string?> With(
        ImmutableDictionary<string, string?> properties,
        AnalyzerOptions options,
        string title,
        Location location,
        string replacement,
        System.Threading.CancellationToken cancellationToken)
    {
        if (!location.IsInSource || !InventoryMode.IsEnabled(options))
        {
            return properties;
        }

        var builder = properties.ToBuilder();
        Add(builder, options, title, location.SourceTree!, location.SourceSpan, replacement, cancellationToken);
        return builder.ToImmutable();
    }

    /// <summary>
    /// Inserts <paramref name="argumentText"/> as a new last argument of a one-line invocation whose last argument is directly followed
    /// by <c>)</c> (the shape every "add an argument" code fix formats to <c>, argument</c>); false when the call has another shape.
    /// </summary>
    public static bool AddAppendedArgument(
        ImmutableDictionary<string, string?>.Builder properties,
        AnalyzerOptions options,
        string title,
        SyntaxNode? invocation,
        string argumentText,
        System.Threading.CancellationToken cancellationToken)
    {
        if (invocation is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { ArgumentList: { Arguments.Count: > 0 } list } call ||
            list.CloseParenToken.IsMissing || list.CloseParenToken.HasLeadingTrivia || list.Arguments[list.Arguments.Count - 1].HasTrailingTrivia ||
            list.Arguments.SeparatorCount != list.Arguments.Count - 1 || call.ContainsDirectives)
        {
            return false;
        }

        var lines = call.SyntaxTree.GetLineSpan(call.Span, cancellationToken);
        if (lines.StartLinePosition.Line != lines.EndLinePosition.Line)
        {
            return false;
        }

        Add(properties, options, title, call.SyntaxTree, new TextSpan(list.CloseParenToken.SpanStart, 0), ", " + argumentText, cancellationToken);
        return true;
    }

    /// <summary>The TTL a fix uses: the finding's <c>DefaultTtl</c> property, else the fallback (as the code fixes' <c>FixHelpers.GetTtl</c>).</summary>
    public static System.TimeSpan TtlOf(ImmutableDictionary<string, string?>.Builder properties) =>
        properties.TryGetValue(CachingArchitectOptions.TtlProperty, out var text) && TtlSyntax.TryParseProperty(text, out var ttl)
            ? ttl
            : CachingArchitectOptions.DefaultTtlFallback;

    /// <summary><c>TimeSpan.FromMinutes(5)</c>, qualified with <c>global::System.</c> when <c>TimeSpan</c> does not bind at <paramref name="position"/> (as the code fixes write it).</summary>
    public static string TtlExpression(SemanticModel model, int position, System.TimeSpan ttl) =>
        NamespacePrefix(model, position, "System", "TimeSpan") + TtlSyntax.ToTimeSpanExpression(ttl);

    /// <summary>"" when <paramref name="typeName"/> binds to <c>ns.typeName</c> at <paramref name="position"/>, else <c>global::ns.</c> (mirrors the code fixes' FixHelpers).</summary>
    public static string NamespacePrefix(SemanticModel model, int position, string ns, string typeName)
    {
        var bound = model.GetSpeculativeTypeInfo(position, Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseTypeName(typeName), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        return bound is not null && bound.Name == typeName && bound.ContainingNamespace?.ToDisplayString() == ns
            ? string.Empty
            : "global::" + ns + ".";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
