using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// One call that reads, writes, invalidates or administers a cache, normalized across libraries:
/// what it does, which technology, and where its key, value, factory and expiry are.
/// Produced only by <see cref="CacheOperationRecognizer"/>; rules read it and never match library APIs themselves.
/// </summary>
internal sealed class CacheOperation
{
    public CacheOperation(
        IInvocationOperation invocation,
        IMethodSymbol method,
        CacheTechnology technology,
        CacheOperationKind kind)
    {
        Invocation = invocation;
        Method = method;
        Technology = technology;
        Kind = kind;
    }

    /// <summary>The recognized call.</summary>
    public IInvocationOperation Invocation { get; }

    /// <summary>The unreduced, original definition of the called method.</summary>
    public IMethodSymbol Method { get; }

    /// <summary>The method name without a trailing <c>Async</c>.</summary>
    public string Name => CacheOperationRecognizer.StripAsync(Method.Name);

    public CacheTechnology Technology { get; }

    public CacheOperationKind Kind { get; }

    /// <summary>The key argument (one key, or the key collection when <see cref="IsMultiKey"/>).</summary>
    public IArgumentOperation? KeyArgument { get; init; }

    /// <summary>The key expression with conversions (string → RedisKey, → object) removed.</summary>
    public IOperation? Key => KeyArgument?.Value.WalkDownConversions();

    /// <summary>True when the call takes several keys (<c>RedisKey[]</c>, key/value pairs, key lists).</summary>
    public bool IsMultiKey { get; init; }

    /// <summary>The stored value, for writes.</summary>
    public IArgumentOperation? ValueArgument { get; init; }

    /// <summary>The factory delegate of a read-through call.</summary>
    public IArgumentOperation? FactoryArgument { get; init; }

    /// <summary>Tags passed with the entry (HybridCache, FusionCache).</summary>
    public IArgumentOperation? TagsArgument { get; init; }

    /// <summary>How the call carries its expiry.</summary>
    public ExpirySourceKind ExpirySource { get; init; } = ExpirySourceKind.NotApplicable;

    /// <summary>The argument that carries the expiry or entry options, when <see cref="ExpirySource"/> is <see cref="ExpirySourceKind.Argument"/> or <see cref="ExpirySourceKind.OmittedOptional"/>.</summary>
    public IArgumentOperation? ExpiryArgument { get; init; }

    /// <summary>The write condition (SE.Redis <c>when</c>: <c>When</c> / <c>ValueCondition</c>), when the overload has one.</summary>
    public IArgumentOperation? ConditionArgument { get; init; }

    /// <summary>
    /// True when the write only happens if the key does not exist yet (<c>When.NotExists</c>,
    /// <c>ValueCondition.NotExists</c>): lock and "first writer wins" patterns.
    /// </summary>
    public bool IsSetIfNotExists =>
        ConditionArgument.IsExplicit() &&
        ConditionArgument!.Value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "NotExists" } or IPropertyReferenceOperation { Property.Name: "NotExists" };

    /// <summary>The cache instance the call is made on (receiver or extension <c>this</c>).</summary>
    public IOperation? Receiver => Invocation.GetReceiver();

    /// <summary>The argument bound to the parameter named <paramref name="name"/>.</summary>
    public IArgumentOperation? GetArgument(string name) => Invocation.GetArgument(name);

    public override string ToString() => $"{Technology} {Kind} {Method.ContainingType.Name}.{Method.Name}";
}
