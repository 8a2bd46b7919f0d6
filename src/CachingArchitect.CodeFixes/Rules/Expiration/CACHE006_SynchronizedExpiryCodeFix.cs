using System;
using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE006 fix (partial, needs a jitter budget from <c>caching_architect.jitter_max</c>): FusionCache options get
/// <c>JitterMaxDuration</c> / <c>.SetJittering(…)</c>; other TTLs become
/// <c>ttl + TimeSpan.FromMilliseconds(Random.Shared.Next(0, jitterMs))</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SynchronizedExpiryCodeFix))]
[Shared]
public sealed class SynchronizedExpiryCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.SynchronizedExpiry;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(SynchronizedExpiryAnalyzer.FixProperty, out var fix) || fix is null ||
            !diagnostic.Properties.TryGetValue(SynchronizedExpiryAnalyzer.JitterProperty, out var jitterText) ||
            !TtlSyntax.TryParseProperty(jitterText, out var jitter) ||
            FixHelpers.FindAdditionalNode(root, diagnostic) is not ExpressionSyntax target)
        {
            yield break;
        }

        Func<SyntaxNode>? edit = fix switch
        {
            SynchronizedExpiryAnalyzer.FixWrapTtl => WrapTtl(root, model, target, jitter),
            SynchronizedExpiryAnalyzer.FixJitterInitializer when target is BaseObjectCreationExpressionSyntax creation =>
                () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(
                    creation, "JitterMaxDuration", FixHelpers.TtlExpression(model, creation.SpanStart, jitter))),
            SynchronizedExpiryAnalyzer.FixSetJittering =>
                () => root.ReplaceNode(target, SyntaxEdits.AppendCall(target, "SetJittering", FixHelpers.TtlExpression(model, target.SpanStart, jitter))),
            _ => null,
        };

        if (edit is not null)
        {
            var title = fix == SynchronizedExpiryAnalyzer.FixWrapTtl
                ? "Add random jitter (up to " + TtlSyntax.ToTimeSpanExpression(jitter) + ") to the TTL"
                : "Set FusionCache jittering (" + TtlSyntax.ToTimeSpanExpression(jitter) + ")";
            yield return CacheFix.Syntax(title, RuleIds.SynchronizedExpiry, edit);
        }
    }

    private static Func<SyntaxNode>? WrapTtl(SyntaxNode root, SemanticModel model, ExpressionSyntax ttl, TimeSpan jitter)
    {
        // Random.Shared exists from .NET 6; without it the budget cannot be inserted idiomatically.
        var random = model.Compilation.GetTypeByMetadataName("System.Random");
        if (random is null || random.GetMembers("Shared").IsEmpty)
        {
            return null;
        }

        var position = ttl.SpanStart;
        var milliseconds = Math.Max(1L, (long)jitter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var jitterExpression = SyntaxFactory.ParseExpression(
            FixHelpers.SystemPrefix(model, position, "TimeSpan") + "TimeSpan.FromMilliseconds(" +
            FixHelpers.SystemPrefix(model, position, "Random") + "Random.Shared.Next(0, " + milliseconds + "))");
        var left = SyntaxEdits.NeedsParentheses(ttl) ? SyntaxFactory.ParenthesizedExpression(ttl.WithoutTrivia()) : ttl.WithoutTrivia();
        var sum = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, left, jitterExpression).WithTriviaFrom(ttl);
        return () => root.ReplaceNode(ttl, sum);
    }
}
