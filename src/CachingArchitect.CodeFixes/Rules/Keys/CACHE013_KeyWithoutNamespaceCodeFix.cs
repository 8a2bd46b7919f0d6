using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Rules.Keys;

/// <summary>
/// CACHE013 partial fix (b): appends the first configured separator (default <c>:</c>) to a literal
/// <c>RedisCacheOptions.InstanceName</c>, so <c>"MyApp"</c> becomes <c>"MyApp:"</c>. Other CACHE013 cases have no mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeyWithoutNamespaceCodeFix))]
[Shared]
public sealed class KeyWithoutNamespaceCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.KeyWithoutNamespace);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(KeyWithoutNamespaceAnalyzer.InsertAtProperty, out var at) ||
                !int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ||
                !diagnostic.Properties.TryGetValue(KeyWithoutNamespaceAnalyzer.SeparatorProperty, out var separator) ||
                string.IsNullOrEmpty(separator))
            {
                continue;
            }

            var change = new TextChange(new TextSpan(position, 0), separator!);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "End InstanceName with '" + separator + "'",
                    ct => ApplyAsync(context.Document, change, ct),
                    equivalenceKey: RuleIds.KeyWithoutNamespace + ".InstanceName"),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return change.Span.End > text.Length ? document : document.WithText(text.WithChanges(change));
    }
}
