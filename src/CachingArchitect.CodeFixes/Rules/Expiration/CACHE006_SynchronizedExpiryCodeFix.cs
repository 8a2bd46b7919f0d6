using System;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE006 fix (partial, needs a jitter budget from <c>caching_architect.jitter_max</c>): FusionCache options get
/// <c>JitterMaxDuration</c> / <c>.SetJittering(…)</c>; other TTLs become
/// <c>ttl + TimeSpan.FromMilliseconds(Random.Shared.Next(0, jitterMs))</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SynchronizedExpiryCodeFix))]
[Shared]
public sealed class SynchronizedExpiryCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SynchronizedExpiry);

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
            if (!diagnostic.Properties.TryGetValue(SynchronizedExpiryAnalyzer.FixProperty, out var fix) || fix is null ||
                diagnostic.AdditionalLocations.Count == 0 ||
                !diagnostic.Properties.TryGetValue(SynchronizedExpiryAnalyzer.JitterProperty, out var jitterText) ||
                !TtlSyntax.TryParseProperty(jitterText, out var jitter) ||
                root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax target)
            {
                continue;
            }

            Func<SyntaxNode>? edit = fix switch
            {
                SynchronizedExpiryAnalyzer.FixWrapTtl => WrapTtl(root, model, target, jitter),
                SynchronizedExpiryAnalyzer.FixJitterInitializer when target is BaseObjectCreationExpressionSyntax creation =>
                    () => root.ReplaceNode(creation, InProcessEntryWithoutExpirationCodeFix.AddInitializer(
                        creation, "JitterMaxDuration", FixHelpers.TtlExpression(model, creation.SpanStart, jitter))),
                SynchronizedExpiryAnalyzer.FixSetJittering => () => root.ReplaceNode(target, SetJittering(model, target, jitter)),
                _ => null,
            };

            if (edit is null)
            {
                continue;
            }

            var title = fix == SynchronizedExpiryAnalyzer.FixWrapTtl
                ? "Add random jitter (up to " + TtlSyntax.ToTimeSpanExpression(jitter) + ") to the TTL"
                : "Set FusionCache jittering (" + TtlSyntax.ToTimeSpanExpression(jitter) + ")";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixHelpers.FinishAsync(context.Document.WithSyntaxRoot(edit()), ct), RuleIds.SynchronizedExpiry),
                diagnostic);
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
        var left = NeedsParentheses(ttl) ? SyntaxFactory.ParenthesizedExpression(ttl.WithoutTrivia()) : ttl.WithoutTrivia();
        var sum = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, left, jitterExpression).WithTriviaFrom(ttl);
        return () => root.ReplaceNode(ttl, sum);
    }

    private static ExpressionSyntax SetJittering(SemanticModel model, ExpressionSyntax options, TimeSpan jitter)
    {
        var receiver = NeedsParentheses(options) ? SyntaxFactory.ParenthesizedExpression(options.WithoutTrivia()) : options.WithoutTrivia();
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("SetJittering")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(FixHelpers.TtlExpression(model, options.SpanStart, jitter)))))
            .WithTriviaFrom(options)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static bool NeedsParentheses(ExpressionSyntax expression) =>
        expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or
            ObjectCreationExpressionSyntax or ParenthesizedExpressionSyntax or ElementAccessExpressionSyntax or LiteralExpressionSyntax);
}
