using System;
using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE007 fix: remove the setting that is ignored, clamp FailSafeMaxDuration to Duration, swap inverted
/// factory timeouts, and turn a TimeSpan component into its total (<c>(int)ttl.TotalSeconds</c>, or <c>ttl</c>
/// for <c>TimeSpan.FromSeconds(ttl.Seconds)</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IncoherentDurationCodeFix))]
[Shared]
public sealed class IncoherentDurationCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.IncoherentDuration;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(IncoherentDurationAnalyzer.FixProperty, out var fix) || fix is null)
        {
            yield break;
        }

        var node = FixHelpers.FindNode(root, diagnostic);
        var (title, edit) = fix switch
        {
            IncoherentDurationAnalyzer.FixRemove => ("Remove the ignored setting", Remove(root, node)),
            IncoherentDurationAnalyzer.FixReplace => ("Clamp to Duration", Replace(root, model, node, diagnostic)),
            IncoherentDurationAnalyzer.FixSwap => ("Swap soft and hard timeouts", Swap(root, node, diagnostic)),
            IncoherentDurationAnalyzer.FixComponent => ("Use the total instead of the component", Component(root, node, diagnostic)),
            IncoherentDurationAnalyzer.FixFactory => ("Use the TimeSpan itself", Factory(root, node)),
            IncoherentDurationAnalyzer.FixThreshold => ("Use the recommended threshold 0.8", Threshold(root, node)),
            _ => (string.Empty, null),
        };

        if (edit is not null)
        {
            yield return CacheFix.Syntax(title, RuleIds.IncoherentDuration, edit);
        }
    }

    private static Func<SyntaxNode>? Remove(SyntaxNode root, SyntaxNode node)
    {
        switch (node)
        {
            case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } assignment:
                return () => root.ReplaceNode(initializer, initializer.WithExpressions(initializer.Expressions.Remove(assignment)).WithAdditionalAnnotations(Formatter.Annotation));
            case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement }:
                return () => root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation:
                if (invocation.Parent is ExpressionStatementSyntax call && member.Expression is IdentifierNameSyntax)
                {
                    return () => root.RemoveNode(call, SyntaxRemoveOptions.KeepNoTrivia)!;
                }

                return () => root.ReplaceNode(invocation, member.Expression.WithTrailingTrivia(invocation.GetTrailingTrivia()));
            default:
                return null;
        }
    }

    private static Func<SyntaxNode>? Replace(SyntaxNode root, SemanticModel model, SyntaxNode node, Diagnostic diagnostic)
    {
        if (node is not ExpressionSyntax expression ||
            !diagnostic.Properties.TryGetValue(IncoherentDurationAnalyzer.ValueProperty, out var text) ||
            !TtlSyntax.TryParseProperty(text, out var value))
        {
            return null;
        }

        var replacement = FixHelpers.TtlExpression(model, expression.SpanStart, value).WithTriviaFrom(expression);
        return () => root.ReplaceNode(expression, replacement);
    }

    private static Func<SyntaxNode>? Swap(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        if (node is not ExpressionSyntax first ||
            FixHelpers.FindAdditionalNode(root, diagnostic) is not ExpressionSyntax second ||
            first.Span.OverlapsWith(second.Span))
        {
            return null;
        }

        return () => root.ReplaceNodes(
            new[] { first, second },
            (original, _) => original == first
                ? second.WithTriviaFrom(first)
                : first.WithTriviaFrom(second));
    }

    private static Func<SyntaxNode>? Component(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        if (node is not MemberAccessExpressionSyntax member ||
            !diagnostic.Properties.TryGetValue(IncoherentDurationAnalyzer.TotalProperty, out var total) || total is null)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(IncoherentDurationAnalyzer.CastProperty, out var cast);
        ExpressionSyntax replacement = member.WithName(SyntaxFactory.IdentifierName(total));
        if (!string.IsNullOrEmpty(cast))
        {
            replacement = SyntaxFactory.CastExpression(SyntaxFactory.ParseTypeName(cast!), replacement.WithoutTrivia());
            if (member.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or PostfixUnaryExpressionSyntax)
            {
                replacement = SyntaxFactory.ParenthesizedExpression(replacement);
            }

            replacement = replacement.WithTriviaFrom(member);
        }

        return () => root.ReplaceNode(member, replacement);
    }

    private static Func<SyntaxNode>? Threshold(SyntaxNode root, SyntaxNode node)
    {
        if (node is not ExpressionSyntax expression)
        {
            return null;
        }

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal("0.8f", 0.8f)).WithTriviaFrom(expression);
        return () => root.ReplaceNode(expression, literal);
    }

    private static Func<SyntaxNode>? Factory(SyntaxNode root, SyntaxNode node)
    {
        if (node is not MemberAccessExpressionSyntax member || member.FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent is not InvocationExpressionSyntax factory)
        {
            return null;
        }

        var receiver = member.Expression.WithoutTrivia();
        return () => root.ReplaceNode(factory, receiver.WithTriviaFrom(factory));
    }
}
