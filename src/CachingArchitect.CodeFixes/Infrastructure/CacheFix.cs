using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CachingArchitect.CodeFixes.Infrastructure;

/// <summary>
/// One code action a <see cref="CacheCodeFixProvider"/> offers: its title, its equivalence key (<c>dotnet format analyzers</c>
/// applies Fix All per key, so every shape of a rule's main fix shares one key) and its edit.
/// </summary>
internal sealed class CacheFix
{
    private readonly Func<Document, CancellationToken, Task<Document>> apply;

    private CacheFix(string title, string equivalenceKey, Func<Document, CancellationToken, Task<Document>> apply)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        this.apply = apply;
    }

    public string Title { get; }

    public string EquivalenceKey { get; }

    /// <summary>A syntax edit: <paramref name="edit"/> returns the new root, whose annotated nodes are then formatted.</summary>
    public static CacheFix Syntax(string title, string equivalenceKey, Func<SyntaxNode> edit) =>
        new(title, equivalenceKey, (document, ct) => FixHelpers.FinishAsync(document.WithSyntaxRoot(edit()), ct));

    /// <summary>A text edit, applied as is (no formatting, trivia untouched); skipped when the text has become shorter than its span.</summary>
    public static CacheFix Text(string title, string equivalenceKey, TextChange change) =>
        new(title, equivalenceKey, async (document, ct) =>
        {
            var text = await document.GetTextAsync(ct).ConfigureAwait(false);
            return change.Span.End > text.Length ? document : document.WithText(text.WithChanges(change));
        });

    public Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken) => apply(document, cancellationToken);
}
