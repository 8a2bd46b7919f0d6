using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Rules.Expiration;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE001 fix: give the entry an expiration of <c>caching_architect.default_ttl</c> — a TTL argument on
/// <c>Set(key, value)</c>, <c>AbsoluteExpirationRelativeToNow</c> on the options or the factory's entry,
/// or a finite <c>AbsoluteExpiration</c> for System.Runtime.Caching.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InProcessEntryWithoutExpirationCodeFix))]
[Shared]
public sealed class InProcessEntryWithoutExpirationCodeFix : CacheCodeFixProvider
{
    private const string Title = "Add an expiration";

    private protected override string DiagnosticId => RuleIds.InProcessEntryWithoutExpiration;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.TryGetValue(InProcessEntryWithoutExpirationAnalyzer.ShapeProperty, out var shape) && shape is not null &&
            TryCreateEdit(root, model, diagnostic, shape) is { } edit)
        {
            yield return CacheFix.Syntax(FixHelpers.TitleWithTtl(Title, diagnostic), RuleIds.InProcessEntryWithoutExpiration, edit);
        }
    }

    private static Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var ttl = FixHelpers.GetTtl(diagnostic);
        var position = diagnostic.Location.SourceSpan.Start;
        var ttlExpression = FixHelpers.TtlExpression(model, position, ttl);
        var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        var additional = FixHelpers.FindAdditionalNode(root, diagnostic);

        switch (shape)
        {
            case InProcessEntryWithoutExpirationAnalyzer.ShapeAddTtlArgument when invocation is not null:
                return () => root.ReplaceNode(
                    invocation.ArgumentList,
                    invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(ttlExpression)));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeOptionsInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                return () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, "AbsoluteExpirationRelativeToNow", ttlExpression));

            case InProcessEntryWithoutExpirationAnalyzer.ShapePolicyInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } policy:
                return () => root.ReplaceNode(policy, SyntaxEdits.AddInitializer(policy, "AbsoluteExpiration", FixHelpers.AbsoluteFromNow(model, position, ttl)));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeInfiniteArgument when invocation is not null:
                var infinite = invocation.ArgumentList.Arguments.FirstOrDefault(a =>
                    a.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "InfiniteAbsoluteExpiration" or "MaxValue" });
                return infinite is null ? null : () => root.ReplaceNode(infinite.Expression, FixHelpers.AbsoluteFromNow(model, position, ttl));

            case InProcessEntryWithoutExpirationAnalyzer.ShapeFactory when additional?.FirstAncestorOrSelf<LambdaExpressionSyntax>() is { } lambda:
                return SyntaxEdits.AssignInLambda(root, lambda, "AbsoluteExpirationRelativeToNow", ttlExpression);

            case InProcessEntryWithoutExpirationAnalyzer.ShapeEntry:
                return SyntaxEdits.AssignAfterDeclaration(root, invocation, "AbsoluteExpirationRelativeToNow", ttlExpression);

            default:
                return null;
        }
    }
}
