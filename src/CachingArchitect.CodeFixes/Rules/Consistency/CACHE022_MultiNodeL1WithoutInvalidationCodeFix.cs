using System;
using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Consistency;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Consistency;

/// <summary>
/// CACHE022 fix (variant b only): shorten the local (L1) lifetime to <c>caching_architect.max_l1_staleness</c> — add
/// <c>LocalCacheExpiration</c>/<c>MemoryCacheDuration</c> to the default entry options' initializer, append
/// <c>.SetMemoryCacheDuration(…)</c> to a fluent <c>FusionCacheEntryOptions</c>, give <c>AddHybridCache()</c> a setup action, or append
/// <c>.WithDefaultEntryOptions(o =&gt; o.MemoryCacheDuration = …)</c> to <c>AddFusionCache(…)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MultiNodeL1WithoutInvalidationCodeFix))]
[Shared]
public sealed class MultiNodeL1WithoutInvalidationCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.MultiNodeL1WithoutInvalidation + ".ShortenL1";

    private protected override string DiagnosticId => RuleIds.MultiNodeL1WithoutInvalidation;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(MultiNodeL1WithoutInvalidationAnalyzer.FixShapeProperty, out var shape) || shape is null ||
            diagnostic.AdditionalLocations.Count == 0)
        {
            yield break;
        }

        var target = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        var ttl = FixHelpers.GetTtl(diagnostic);
        var duration = FixHelpers.TtlExpression(model, diagnostic.Location.SourceSpan.Start, ttl);
        var isHybrid = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("HybridCache", StringComparison.Ordinal);
        var member = isHybrid ? "LocalCacheExpiration" : "MemoryCacheDuration";
        Func<SyntaxNode>? edit = null;
        switch (shape)
        {
            case MultiNodeL1WithoutInvalidationAnalyzer.ShapeInitializer when target.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                edit = () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, member, duration));
                break;
            case MultiNodeL1WithoutInvalidationAnalyzer.ShapeFluent when FixHelpers.GetArgumentExpression(target) is { } expression:
                edit = () => root.ReplaceNode(expression, SyntaxEdits.AppendCall(expression, "SetMemoryCacheDuration", duration));
                break;
            case MultiNodeL1WithoutInvalidationAnalyzer.ShapeHybridSetup when target.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: 0 } invocation:
                var prefix = FixHelpers.NamespacePrefix(model, invocation.SpanStart, "Microsoft.Extensions.Caching.Hybrid", "HybridCacheEntryOptions");
                var setup = SyntaxFactory.ParseExpression($"options => options.DefaultEntryOptions = new {prefix}HybridCacheEntryOptions {{ LocalCacheExpiration = {duration} }}");
                edit = () => root.ReplaceNode(invocation, SyntaxEdits.WithArguments(invocation, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(setup))));
                break;
            case MultiNodeL1WithoutInvalidationAnalyzer.ShapeFusionDefaults when target.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } addFusion:
                var lambda = SyntaxFactory.ParseExpression($"options => options.MemoryCacheDuration = {duration}");
                edit = () => root.ReplaceNode(addFusion, SyntaxEdits.AppendCall(addFusion, "WithDefaultEntryOptions", lambda).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }

        if (edit is not null)
        {
            yield return CacheFix.Syntax($"Shorten the local cache lifetime ({member} = {TtlSyntaxText(ttl)})", EquivalenceKey, edit);
        }
    }

    private static string TtlSyntaxText(TimeSpan ttl) => Analyzers.Infrastructure.TtlSyntax.ToTimeSpanExpression(ttl);
}
