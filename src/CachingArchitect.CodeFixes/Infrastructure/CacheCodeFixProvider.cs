using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CachingArchitect.CodeFixes.Infrastructure;

/// <summary>
/// Base of the CachingArchitect code fixes: one diagnostic id, Fix All through the batch fixer, and the registration
/// loop. A fix only says, per diagnostic, which <see cref="CacheFix"/>es it offers, in the order they are listed.
/// </summary>
public abstract class CacheCodeFixProvider : CodeFixProvider
{
    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    /// <summary>The one diagnostic id this provider fixes.</summary>
    private protected abstract string DiagnosticId { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var fix in GetFixes(root, model, diagnostic))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(fix.Title, ct => fix.ApplyAsync(document, ct), equivalenceKey: fix.EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The fixes offered for <paramref name="diagnostic"/> (none when its shape cannot be fixed). Called while the
    /// light bulb or Fix All is computed: find the nodes here, and defer building the new tree to the edit.
    /// </summary>
    private protected abstract IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic);
}
