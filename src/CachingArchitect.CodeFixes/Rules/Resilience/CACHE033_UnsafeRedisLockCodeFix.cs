using System.Collections.Generic;
using System.Composition;
using CachingArchitect.Analyzers;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Rules.Resilience;
using CachingArchitect.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.CodeFixes.Rules.Resilience;

/// <summary>
/// CACHE033 fix: (a) <c>StringSet[Async](key, token, when: NotExists)</c> → <c>LockTake[Async](key, token, lease)</c> with the lease
/// from <c>caching_architect.default_ttl</c>; (c) <c>KeyDelete[Async](key)</c> → <c>LockRelease[Async](key, token)</c> with the token
/// of the take. <c>flags</c> is kept. Variant (b) (a huge lease) has no automatic fix: only the author knows how long the work takes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsafeRedisLockCodeFix))]
[Shared]
public sealed class UnsafeRedisLockCodeFix : CacheCodeFixProvider
{
    public const string EquivalenceKey = RuleIds.UnsafeRedisLock + ".SafeLock";

    private protected override string DiagnosticId => RuleIds.UnsafeRedisLock;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UnsafeRedisLockAnalyzer.VariantProperty, out var variant) ||
            FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax member } invocation ||
            model.GetOperation(invocation) is not IInvocationOperation operation)
        {
            yield break;
        }

        var key = operation.GetArgument("key")?.Value.Syntax as ExpressionSyntax;
        var flags = operation.GetArgument("flags");
        var flagsExpression = flags.IsExplicit() ? flags!.Value.Syntax as ExpressionSyntax : null;
        if (key is null)
        {
            yield break;
        }

        var isAsync = operation.TargetMethod.Name.EndsWith("Async", System.StringComparison.Ordinal);
        if (variant == "a")
        {
            var token = operation.GetArgument("value")?.Value.Syntax as ExpressionSyntax;
            if (token is null)
            {
                yield break;
            }

            var lease = FixHelpers.TtlExpression(model, invocation.SpanStart, FixHelpers.GetTtl(diagnostic));
            var arguments = Arguments(key, token, lease, flagsExpression);
            yield return CacheFix.Syntax(
                FixHelpers.TitleWithTtl("Take the lock with LockTake and a lease", diagnostic),
                EquivalenceKey,
                () => root.ReplaceNode(invocation, Rewrite(invocation, member, isAsync ? "LockTakeAsync" : "LockTake", arguments)));
        }
        else if (variant == "c" && diagnostic.Properties.TryGetValue(UnsafeRedisLockAnalyzer.TokenProperty, out var tokenText) && tokenText is not null)
        {
            var token = SyntaxFactory.ParseExpression(tokenText);
            if (!BindsTheSame(model, invocation.SpanStart, token))
            {
                yield break;
            }

            var arguments = Arguments(key, token, null, flagsExpression);
            yield return CacheFix.Syntax(
                "Release the lock with LockRelease(key, token)",
                EquivalenceKey,
                () => root.ReplaceNode(invocation, Rewrite(invocation, member, isAsync ? "LockReleaseAsync" : "LockRelease", arguments)));
        }
    }

    private static SeparatedSyntaxList<ArgumentSyntax> Arguments(ExpressionSyntax key, ExpressionSyntax token, ExpressionSyntax? lease, ExpressionSyntax? flags)
    {
        var list = new List<ArgumentSyntax>
        {
            SyntaxFactory.Argument(key.WithoutTrivia()),
            SyntaxFactory.Argument(token.WithoutTrivia()),
        };
        if (lease is not null)
        {
            list.Add(SyntaxFactory.Argument(lease));
        }

        if (flags is not null)
        {
            list.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon("flags"), default, flags.WithoutTrivia()));
        }

        return SyntaxFactory.SeparatedList(list);
    }

    private static InvocationExpressionSyntax Rewrite(InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax member, string method, SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        invocation
            .WithExpression(member.WithName(SyntaxFactory.IdentifierName(method).WithTriviaFrom(member.Name)))
            .WithArgumentList(invocation.ArgumentList.WithArguments(arguments));

    /// <summary>True when every identifier of <paramref name="token"/> is in scope at <paramref name="position"/>.</summary>
    private static bool BindsTheSame(SemanticModel model, int position, ExpressionSyntax token)
    {
        foreach (var node in token.DescendantNodesAndSelf())
        {
            if (node is IdentifierNameSyntax identifier &&
                !(node.Parent is MemberAccessExpressionSyntax access && access.Name == node) &&
                model.LookupSymbols(position, name: identifier.Identifier.ValueText).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }
}
