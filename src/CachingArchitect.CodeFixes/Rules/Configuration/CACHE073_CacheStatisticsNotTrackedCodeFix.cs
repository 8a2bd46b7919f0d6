using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Configuration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Configuration;

/// <summary>
/// CACHE073 (a) fix: make the <c>MemoryCache</c> track statistics — <c>TrackStatistics = true</c> added to the
/// <c>new MemoryCacheOptions { … }</c> it is created with, or a constant <c>false</c> written to <c>TrackStatistics</c> turned into <c>true</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheStatisticsNotTrackedCodeFix))]
[Shared]
public sealed class CacheStatisticsNotTrackedCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.CacheStatisticsNotTracked;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CacheStatisticsNotTrackedAnalyzer.ShapeProperty, out var shape))
        {
            yield break;
        }

        var additional = FixHelpers.FindAdditionalNode(root, diagnostic);
        var value = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        switch (shape)
        {
            case CacheStatisticsNotTrackedAnalyzer.ShapeAddInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                yield return CacheFix.Syntax("Set TrackStatistics = true on the MemoryCacheOptions", RuleIds.CacheStatisticsNotTracked, () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, "TrackStatistics", value)));
                break;
            case CacheStatisticsNotTrackedAnalyzer.ShapeReplaceValue when additional is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.FalseLiteralExpression):
                yield return CacheFix.Syntax("Set TrackStatistics = true on the MemoryCacheOptions", RuleIds.CacheStatisticsNotTracked, () => root.ReplaceNode(literal, value.WithTriviaFrom(literal)));
                break;
        }
    }
}
