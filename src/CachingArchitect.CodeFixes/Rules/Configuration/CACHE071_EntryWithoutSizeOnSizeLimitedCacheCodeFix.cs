using System;
using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Configuration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Configuration;

/// <summary>
/// CACHE071 fix: give the entry a <c>Size</c> in the unit of <c>caching_architect.memory_size_unit</c> (<c>1</c> for <c>count</c>,
/// a placeholder <c>1024</c> for <c>bytes</c>) — <c>entry.Size = n;</c> in the factory or after the <c>CreateEntry</c> local,
/// <c>Size = n</c> on the options, or a <c>new MemoryCacheEntryOptions { Size = n }</c> argument for <c>Set(key, value)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EntryWithoutSizeOnSizeLimitedCacheCodeFix))]
[Shared]
public sealed class EntryWithoutSizeOnSizeLimitedCacheCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.EntryWithoutSizeOnSizeLimitedCache;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(EntryWithoutSizeOnSizeLimitedCacheAnalyzer.ShapeProperty, out var shape) && shape is not null &&
            TryCreateEdit(root, model, diagnostic, shape) is { } edit)
        {
            var size = GetSize(diagnostic);
            yield return CacheFix.Syntax($"Set the entry's Size ({size})", RuleIds.EntryWithoutSizeOnSizeLimitedCache, edit);
        }
    }

    private static string GetSize(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(CachingArchitectOptions.SizeProperty, out var size) && size is "1" or "1024" ? size! : "1";

    private static Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var size = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(int.Parse(GetSize(diagnostic), System.Globalization.CultureInfo.InvariantCulture)));
        var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var additional = FixHelpers.FindAdditionalNode(root, diagnostic);
        switch (shape)
        {
            case EntryWithoutSizeOnSizeLimitedCacheAnalyzer.ShapeFactory when additional?.FirstAncestorOrSelf<LambdaExpressionSyntax>() is { } lambda:
                return SyntaxEdits.AssignInLambda(root, lambda, "Size", size);

            case EntryWithoutSizeOnSizeLimitedCacheAnalyzer.ShapeOptions when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                return () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, "Size", size));

            case EntryWithoutSizeOnSizeLimitedCacheAnalyzer.ShapeAddOptions when invocation is not null:
                var options = SyntaxFactory.ParseExpression($"new {FixHelpers.NamespacePrefix(model, invocation.SpanStart, "Microsoft.Extensions.Caching.Memory", "MemoryCacheEntryOptions")}MemoryCacheEntryOptions {{ Size = {GetSize(diagnostic)} }}").WithAdditionalAnnotations(Formatter.Annotation);
                return () => root.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(options)));

            case EntryWithoutSizeOnSizeLimitedCacheAnalyzer.ShapeEntry:
                return SyntaxEdits.AssignAfterDeclaration(root, invocation, "Size", size);

            default:
                return null;
        }
    }
}
