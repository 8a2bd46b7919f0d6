using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Performance;

/// <summary>
/// CACHE044 — a remote read (<c>IDatabase.StringGet[Async]</c>/<c>HashGetAll[Async]</c>, <c>IDistributedCache.Get[String][Async]</c>,
/// <c>IMemcachedClient.Get*</c>) of a compile-time-constant key on the request path, with no in-process tier
/// (<c>IMemoryCache</c>, HybridCache, FusionCache) used in the same method and the key not written there (counters).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HotConstantKeyAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE044);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.RedisDatabaseAsync is not null || symbols.DistributedCache is not null || symbols.MemcachedClient is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) => Analyze(ctx, operation, symbols));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        if (operation.Kind != CacheOperationKind.Read || operation.IsMultiKey || !IsWatchedRead(operation))
        {
            return;
        }

        if (GetConstantKey(operation.Key) is not { } key || !RequestContext.IsRequestPath(operation.Invocation, context.ContainingSymbol))
        {
            return;
        }

        var root = operation.Invocation.GetRoot();
        foreach (var descendant in root.Descendants())
        {
            if (descendant is not IInvocationOperation invocation || ReferenceEquals(invocation, operation.Invocation))
            {
                continue;
            }

            var other = CacheOperationRecognizer.Recognize(invocation, symbols);
            if (other is null)
            {
                continue;
            }

            // An in-process tier in the same method, or a write to the same key (a counter, a write-heavy family).
            if (other.Technology is CacheTechnology.MemoryCache or CacheTechnology.HybridCache or CacheTechnology.FusionCache ||
                (other.Kind is CacheOperationKind.Write or CacheOperationKind.Invalidate && GetConstantKey(other.Key) == key))
            {
                return;
            }
        }

        var technology = operation.Technology switch
        {
            CacheTechnology.Redis => "Redis",
            CacheTechnology.Memcached => "Memcached",
            _ => "the distributed cache",
        };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE044,
            CodeContext.GetNameLocation(operation.Invocation),
            $"'{operation.Method.Name}' reads the constant key '{key}' from {technology} on every request: a hot key that sends all traffic to one shard; put an in-process tier in front (HybridCache, FusionCache or IMemoryCache with a short TTL)"));
    }

    private static bool IsWatchedRead(CacheOperation operation) => operation.Technology switch
    {
        CacheTechnology.Redis => operation.Name is "StringGet" or "HashGetAll",
        CacheTechnology.DistributedCache => operation.Name is "Get" or "GetString",
        CacheTechnology.Memcached => operation.Name.StartsWith("Get", System.StringComparison.Ordinal) || operation.Name == "TryGet",
        _ => false,
    };

    /// <summary>The key when it is a compile-time constant (literal, <c>const</c>, constant interpolation, or a <c>static readonly</c> string initialized with one).</summary>
    private static string? GetConstantKey(IOperation? key)
    {
        if (key is null)
        {
            return null;
        }

        if (key.WalkDownConversions().ConstantValue is { HasValue: true, Value: string text })
        {
            return text;
        }

        if (key.WalkDownConversions() is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } } &&
            ValueTracer.Resolve(key) is { ConstantValue: { HasValue: true, Value: string resolved } })
        {
            return resolved;
        }

        return null;
    }
}
