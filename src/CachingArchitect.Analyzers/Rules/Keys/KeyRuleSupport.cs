using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Keys;

/// <summary>What the key rules share: option reading, decomposition with the configured taint sources, and compilation-wide text facts.</summary>
internal static class KeyRuleSupport
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, bool>> TextFacts = new();

    // Per tree, so that an edit in the IDE only rescans the edited file.
    private static readonly ConditionalWeakTable<SyntaxTree, ConcurrentDictionary<string, bool>> TreeFacts = new();

    /// <summary>The key template of <paramref name="key"/>, with <c>caching_architect.taint_sources</c> of its tree.</summary>
    public static KeyTemplate Decompose(AnalyzerOptions options, IOperation key)
    {
        var sources = CachingArchitectOptions.GetList(options, key.Syntax.SyntaxTree, CachingArchitectOptions.TaintSourcesKey);
        return KeyDecomposer.Decompose(key, sources);
    }

    /// <summary>
    /// True when the key comes from a CachingArchitect key schema: an expression of type <c>CachingArchitect.CacheKey</c> or
    /// <c>CacheKey&lt;T&gt;</c> (a generated builder call, a local, field or parameter holding one, through the implicit conversion
    /// to <c>string</c>), its <c>.Value</c> or <c>.ToString()</c>, or <c>CacheKeyRedisExtensions.AsRedisKey()</c> on it. Such keys are
    /// namespaced, versioned and sanitized by construction. Also the earlier markers: a method marked <c>[CacheKeyFamily]</c>, or a
    /// member of a <c>KeyOf…</c> type.
    /// </summary>
    public static bool IsGeneratedSchemaKey(IOperation key)
    {
        var op = key.WalkDownConversions();
        if (op is ILocalReferenceOperation local && ValueTracer.GetSingleAssignment(local.Local, local) is { } assigned)
        {
            op = assigned.WalkDownConversions();
        }

        if (IsSchemaKeyExpression(op))
        {
            return true;
        }

        ISymbol? member = op switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        if (member is null)
        {
            return false;
        }

        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "CacheKeyFamilyAttribute")
            {
                return true;
            }
        }

        for (var type = member.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.Name.StartsWith("KeyOf", StringComparison.Ordinal) || type.Name == "KeyOf")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is <c>CachingArchitect.CacheKey</c> or <c>CachingArchitect.CacheKey&lt;T&gt;</c>.</summary>
    public static bool IsSchemaKeyType(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "CacheKey", Arity: 0 or 1, ContainingNamespace: { Name: "CachingArchitect" } ns } &&
        ns.ContainingNamespace is { IsGlobalNamespace: true };

    private static bool IsSchemaKeyExpression(IOperation op)
    {
        if (IsSchemaKeyType(op.Type))
        {
            return true;
        }

        switch (op)
        {
            case IPropertyReferenceOperation { Property.Name: "Value" } property:
                return IsSchemaKeyType(property.Instance?.WalkDownConversions().Type);
            case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0 } toString:
                return IsSchemaKeyType(toString.Instance?.WalkDownConversions().Type);
            case IInvocationOperation { TargetMethod: { Name: "AsRedisKey", ContainingType: { Name: "CacheKeyRedisExtensions" } } } asRedisKey:
                var receiver = asRedisKey.Instance ?? (asRedisKey.Arguments.Length > 0 ? asRedisKey.Arguments[0].Value : null);
                return IsSchemaKeyType(receiver?.WalkDownConversions().Type);
            default:
                return false;
        }
    }

    /// <summary>True when any source file of the compilation contains <paramref name="text"/> (computed once per compilation and text).</summary>
    public static bool CompilationMentions(Compilation compilation, string text, System.Threading.CancellationToken cancellationToken)
    {
        var facts = TextFacts.GetValue(compilation, static _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        return facts.GetOrAdd(text, t =>
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                var treeFacts = TreeFacts.GetValue(tree, static _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
                if (treeFacts.GetOrAdd(t, key => tree.GetText(cancellationToken).ToString().IndexOf(key, StringComparison.Ordinal) >= 0))
                {
                    return true;
                }
            }

            return false;
        });
    }

    /// <summary>Every single-key expression of the operation (key, or the elements of a literal key array).</summary>
    public static ImmutableArray<IOperation> Keys(CacheOperation operation) =>
        ImmutableArray.CreateRange(KeyDecomposer.GetKeyExpressions(operation));
}
