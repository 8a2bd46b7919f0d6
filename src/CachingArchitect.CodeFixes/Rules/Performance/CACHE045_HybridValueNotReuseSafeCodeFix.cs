using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Performance;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Performance;

/// <summary>
/// CACHE045 fix: make the cached type reuse-safe where it is declared (which may be another document): add <c>sealed</c>
/// (classes and records) and <c>[System.ComponentModel.ImmutableObject(true)]</c>. The diagnostic is on the cache call, so
/// this provider edits the solution rather than the diagnostic's document; Fix All merges the edits of several call sites.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HybridValueNotReuseSafeCodeFix))]
[Shared]
public sealed class HybridValueNotReuseSafeCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = RuleIds.HybridValueNotReuseSafe + ".SealImmutable";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.HybridValueNotReuseSafe);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method ||
                HybridValueNotReuseSafeAnalyzer.GetValueType(method) is not { } type ||
                type.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference)
            {
                continue;
            }

            var document = context.Document.Project.Solution.GetDocument(reference.SyntaxTree);
            if (document is null)
            {
                continue;
            }

            var needsSealed = diagnostic.Properties.ContainsKey(HybridValueNotReuseSafeAnalyzer.NeedsSealedProperty);
            var needsAttribute = diagnostic.Properties.ContainsKey(HybridValueNotReuseSafeAnalyzer.NeedsAttributeProperty);
            var title = needsSealed && needsAttribute ? $"Make '{type.Name}' sealed and [ImmutableObject(true)]"
                : needsSealed ? $"Make '{type.Name}' sealed" : $"Mark '{type.Name}' [ImmutableObject(true)]";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(document, reference.Span, needsSealed, needsAttribute, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Solution> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, bool needsSealed, bool needsAttribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(span) is not TypeDeclarationSyntax declaration || model is null)
        {
            return document.Project.Solution;
        }

        var updated = declaration;
        if (needsSealed && !updated.Modifiers.Any(SyntaxKind.SealedKeyword))
        {
            var sealedToken = SyntaxFactory.Token(SyntaxKind.SealedKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            var modifiers = updated.Modifiers;
            var index = 0;
            while (index < modifiers.Count && modifiers[index].Kind() is SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.FileKeyword)
            {
                index++;
            }

            if (modifiers.Count == 0)
            {
                var keyword = updated.Keyword;
                updated = updated.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(sealedToken.WithLeadingTrivia(keyword.LeadingTrivia)));
            }
            else
            {
                updated = updated.WithModifiers(modifiers.Insert(index, sealedToken));
            }
        }

        if (needsAttribute)
        {
            var prefix = FixHelpers.NamespacePrefix(model, declaration.SpanStart, "System.ComponentModel", "ImmutableObjectAttribute");
            var attribute = SyntaxFactory.Attribute(
                SyntaxFactory.ParseName(prefix + "ImmutableObject"),
                SyntaxFactory.ParseAttributeArgumentList("(true)"));
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
            var leading = updated.GetLeadingTrivia();
            var stripped = updated.WithoutLeadingTrivia();
            updated = stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation)));
        }

        var newRoot = root.ReplaceNode(declaration, updated);
        var newDocument = await Formatter.FormatAsync(document.WithSyntaxRoot(newRoot), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return newDocument.Project.Solution;
    }
}
