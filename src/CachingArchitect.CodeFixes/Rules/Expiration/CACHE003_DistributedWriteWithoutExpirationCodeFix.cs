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
using Microsoft.CodeAnalysis.Formatting;

namespace CachingArchitect.CodeFixes.Rules.Expiration;

/// <summary>
/// CACHE003 fix: pass <c>new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl }</c> to an
/// option-less overload or instead of <c>null</c>, or add <c>AbsoluteExpirationRelativeToNow = ttl</c> to the traced
/// options creation. <c>ttl</c> comes from <c>caching_architect.default_ttl</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DistributedWriteWithoutExpirationCodeFix))]
[Shared]
public sealed class DistributedWriteWithoutExpirationCodeFix : CacheCodeFixProvider
{
    public const string AddExpirationEquivalenceKey = RuleIds.DistributedWriteWithoutExpiration + ".AddExpiration";

    public const string UseSharedOptionsEquivalenceKey = RuleIds.DistributedWriteWithoutExpiration + ".UseSharedOptions";

    private const string OptionsNamespace = "Microsoft.Extensions.Caching.Distributed";

    private const string OptionsTypeName = "DistributedCacheEntryOptions";

    private protected override string DiagnosticId => RuleIds.DistributedWriteWithoutExpiration;

    private protected override IEnumerable<CacheFix> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DistributedWriteWithoutExpirationAnalyzer.ShapeProperty, out var shape) || shape is null ||
            TryCreateEdit(root, model, diagnostic, shape) is not { } edit)
        {
            yield break;
        }

        yield return CacheFix.Syntax(FixHelpers.TitleWithTtl("Add an absolute expiration", diagnostic), AddExpirationEquivalenceKey, edit);

        if (TryCreateSharedOptionsEdit(root, model, diagnostic, shape) is { } shared)
        {
            yield return CacheFix.Syntax("Use the shared options '" + shared.Field + "'", UseSharedOptionsEquivalenceKey, shared.Edit);
        }
    }

    /// <summary>
    /// Second action: pass a <c>static readonly DistributedCacheEntryOptions</c> field of the enclosing type whose
    /// initializer sets an absolute or relative expiration, instead of new options.
    /// </summary>
    private static (string Field, Func<SyntaxNode> Edit)? TryCreateSharedOptionsEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        if (shape is not (DistributedWriteWithoutExpirationAnalyzer.ShapeAddOptions or DistributedWriteWithoutExpirationAnalyzer.ShapeReplaceNull))
        {
            return null;
        }

        var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } typeDeclaration ||
            model.GetDeclaredSymbol(typeDeclaration) is not INamedTypeSymbol type)
        {
            return null;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: true, IsReadOnly: true } field || field.Type.Name != OptionsTypeName ||
                field.Type.ContainingNamespace?.ToDisplayString() != OptionsNamespace)
            {
                continue;
            }

            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax { Initializer: { } initializer } } &&
                    initializer.Expressions.Any(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "AbsoluteExpiration" or "AbsoluteExpirationRelativeToNow" } }))
                {
                    var name = SyntaxFactory.IdentifierName(field.Name);
                    if (shape == DistributedWriteWithoutExpirationAnalyzer.ShapeAddOptions)
                    {
                        return (field.Name, () => root.ReplaceNode(invocation, AddOptions(model, invocation, name)));
                    }

                    return FixHelpers.GetArgumentExpression(FixHelpers.FindAdditionalNode(root, diagnostic)) is { } expression
                        ? (field.Name, () => root.ReplaceNode(expression, name.WithTriviaFrom(expression)))
                        : null;
                }
            }
        }

        return null;
    }

    private static Func<SyntaxNode>? TryCreateEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string shape)
    {
        var position = diagnostic.Location.SourceSpan.Start;
        var ttl = FixHelpers.TtlExpression(model, position, FixHelpers.GetTtl(diagnostic));
        var additional = FixHelpers.FindAdditionalNode(root, diagnostic);

        switch (shape)
        {
            case DistributedWriteWithoutExpirationAnalyzer.ShapeAddOptions:
                var invocation = FixHelpers.FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                return invocation is null ? null : () => root.ReplaceNode(invocation, AddOptions(model, invocation, NewOptions(model, position, ttl)));

            case DistributedWriteWithoutExpirationAnalyzer.ShapeReplaceNull when additional is not null:
                var expression = FixHelpers.GetArgumentExpression(additional);
                return expression is null ? null : () => root.ReplaceNode(expression, NewOptions(model, position, ttl).WithTriviaFrom(expression));

            case DistributedWriteWithoutExpirationAnalyzer.ShapeOptionsInitializer when additional?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation:
                return () => root.ReplaceNode(creation, SyntaxEdits.AddInitializer(creation, "AbsoluteExpirationRelativeToNow", ttl));

            default:
                return null;
        }
    }

    /// <summary><c>new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl }</c>, qualified when the namespace is not imported.</summary>
    private static ExpressionSyntax NewOptions(SemanticModel model, int position, ExpressionSyntax ttl)
    {
        var type = FixHelpers.NamespacePrefix(model, position, OptionsNamespace, OptionsTypeName) + OptionsTypeName;
        return SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName(type).WithTrailingTrivia(SyntaxFactory.Space))
            .WithNewKeyword(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithInitializer(SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(
                    SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("AbsoluteExpirationRelativeToNow"), ttl))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Inserts the options right after the value argument (<c>key, value, options[, token]</c>), named when arguments are named.</summary>
    private static InvocationExpressionSyntax AddOptions(SemanticModel model, InvocationExpressionSyntax invocation, ExpressionSyntax options)
    {
        var arguments = invocation.ArgumentList.Arguments;
        var valueIndex = -1;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].NameColon?.Name.Identifier.ValueText == "value")
            {
                valueIndex = i;
            }
        }

        var named = arguments.Any(a => a.NameColon is not null);
        if (valueIndex < 0)
        {
            // Positional: cache.SetString(key, value[, token]) → value is the second argument;
            // DistributedCacheExtensions.SetString(cache, key, value) → the third.
            valueIndex = model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { ReducedFrom: null, IsExtensionMethod: true } ? 2 : 1;
            valueIndex = Math.Min(valueIndex, arguments.Count - 1);
        }

        var argument = named
            ? SyntaxFactory.Argument(SyntaxFactory.NameColon("options"), default, options)
            : SyntaxFactory.Argument(options);
        var newArguments = named ? arguments.Add(argument) : arguments.Insert(valueIndex + 1, argument);
        return SyntaxEdits.WithArguments(invocation, newArguments);
    }
}
