using System;
using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE002 fix: add an absolute cap — <c>AbsoluteExpirationRelativeToNow = cap</c> on the options initializer, the
/// factory's entry or the created entry, or <c>.SetAbsoluteExpiration(cap)</c> on a fluent options chain. The cap
/// (in the diagnostic's <c>DefaultTtl</c> property) is <c>caching_architect.sliding_cap_multiplier</c> × the sliding
/// window when that is constant, else <c>caching_architect.default_ttl</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SlidingWithoutAbsoluteCapCodeFix))]
[Shared]
public sealed class SlidingWithoutAbsoluteCapCodeFix : CacheCodeFixProvider
{
    private protected override string DiagnosticId => RuleIds.SlidingWithoutAbsoluteCap;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(SlidingWithoutAbsoluteCapAnalyzer.ShapeProperty, out var shape) && shape is not null &&
            TryCreateEdit(root, model, diagnostic, shape) is { } edit)
        {
            yield return CacheFix.Syntax(
                FixHelpers.TitleWithTtl("Add an absolute expiration cap", diagnostic),
                RuleIds.SlidingWithoutAbsoluteCap + ".AddCap",
                edit);
        }
    }

    private static Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var cap = FixHelpers.TtlExpression(model, diagnostic.Location.SourceSpan.Start, FixHelpers.GetTtl(diagnostic));
        var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var additional = FixHelpers.FindAdditionalNode(root, diagnostic);

        switch (shape)
        {
            case SlidingWithoutAbsoluteCapAnalyzer.ShapeOptionsInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                return () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, "AbsoluteExpirationRelativeToNow", cap));

            case SlidingWithoutAbsoluteCapAnalyzer.ShapeFluentChain when FixHelpers.GetArgumentExpression(additional) is { } chain:
                return () => root.ReplaceNode(chain, SyntaxEdits.AppendCall(chain, "SetAbsoluteExpiration", cap));

            case SlidingWithoutAbsoluteCapAnalyzer.ShapeFactory when additional?.FirstAncestorOrSelf<LambdaExpressionSyntax>() is { } lambda:
                return SyntaxEdits.AssignInLambda(root, lambda, "AbsoluteExpirationRelativeToNow", cap);

            case SlidingWithoutAbsoluteCapAnalyzer.ShapeEntry:
                return SyntaxEdits.AssignAfterDeclaration(root, invocation, "AbsoluteExpirationRelativeToNow", cap);

            default:
                return null;
        }
    }
}
