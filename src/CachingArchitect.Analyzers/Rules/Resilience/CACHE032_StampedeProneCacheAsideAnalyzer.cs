using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Resilience;

/// <summary>
/// CACHE032 — stampede-prone cache-aside: (a) a read-through factory that runs once per concurrent miss
/// (<c>IMemoryCache.GetOrCreate[Async]</c>, Enyim <c>GetValueOrCreateAsync</c>, the CachingArchitect.StackExchangeRedis
/// <c>GetOrSet[Async]</c> helpers) and performs I/O, unless a coalescing primitive guards the call
/// (<see cref="DataAccess"/>: EF Core, ADO.NET, Dapper, HTTP, gRPC, Mongo, Cosmos, files, blobs), reported as a Warning; a factory that
/// only awaits some other call (I/O not proven) is reported as Info. (b) a hand-rolled get → miss test → I/O → set on the same key in
/// one body, over <c>IMemoryCache</c>, <c>IDistributedCache</c>, StackExchange.Redis, Memcached or System.Runtime.Caching, with no
/// per-key coalescing in the method (<c>lock</c>, <c>SemaphoreSlim.Wait[Async]</c>, <c>Monitor</c>, a <c>*Lock*</c>/<c>Acquire*</c>
/// helper, <c>LockTake</c>, SET NX). Cached <c>Lazy</c>/<c>AsyncLazy</c> values, HybridCache and FusionCache are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StampedeProneCacheAsideAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE032);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        !symbols.IsTestProject &&
        (symbols.MemoryCache is not null || symbols.DistributedCache is not null || symbols.RedisDatabaseAsync is not null ||
         symbols.MemcachedClient is not null || symbols.ObjectCache is not null);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, (ctx, operation) =>
        {
            if (operation.Kind == CacheOperationKind.ReadThrough && RunsFactoryPerMiss(operation.Technology))
            {
                AnalyzeFactory(ctx, operation, symbols);
            }
            else if (operation.Kind == CacheOperationKind.Read && !operation.IsMultiKey && operation.Key is not null &&
                     operation.Technology is CacheTechnology.MemoryCache or CacheTechnology.DistributedCache or CacheTechnology.Redis
                         or CacheTechnology.Memcached or CacheTechnology.RuntimeCaching)
            {
                AnalyzeCacheAside(ctx, operation, symbols);
            }
        });

    // ------------------------------------------------------------------ (a) GetOrCreate[Async] factory

    /// <summary>
    /// Read-through APIs that run the factory once per concurrent miss: <c>IMemoryCache.GetOrCreate[Async]</c>, Enyim
    /// <c>GetValueOrCreateAsync</c> (get, then generator, then add) and the <c>GetOrSet[Async]</c> helpers of
    /// CachingArchitect.StackExchangeRedis (the only Redis read-through the recognizer knows). HybridCache and FusionCache
    /// coalesce concurrent misses per key and are not reported.
    /// </summary>
    private static bool RunsFactoryPerMiss(CacheTechnology technology) =>
        technology is CacheTechnology.MemoryCache or CacheTechnology.Memcached or CacheTechnology.Redis;

    private static void AnalyzeFactory(OperationAnalysisContext context, CacheOperation operation, CacheSymbols symbols)
    {
        var factory = operation.FactoryArgument?.Value.WalkDownConversions();
        var lambda = factory switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation target } => target,
            IAnonymousFunctionOperation direct => direct,
            _ => null,
        };
        if (lambda is null || IsLazyValue(operation.Invocation.TargetMethod.TypeArguments) ||
            HasCoalescingBefore(operation.Invocation, ExecutionOrder.GetExecutableRoot(operation.Invocation), symbols))
        {
            return;
        }

        var io = DataAccess.FindFirst(lambda.Body, call => call.Kind == DataAccessKind.Read);
        if (!io.IsNone)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE032,
                CodeContext.GetNameLocation(operation.Invocation),
                $"'{operation.Method.Name}' runs its factory for every concurrent miss, and the factory calls '{io.Name}' ({Describe(io.Technology)}): when the entry expires every concurrent request hits the data source at once; use HybridCache.GetOrCreateAsync (one factory call per key), a per-key lock, or cache a Lazy<Task<T>>"));
            return;
        }

        var awaited = FindAwaitedCall(lambda.Body, symbols);
        if (awaited is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE032,
                CodeContext.GetNameLocation(operation.Invocation),
                DiagnosticSeverity.Info,
                additionalLocations: null,
                properties: null,
                $"'{operation.Method.Name}' runs its factory for every concurrent miss, and the factory awaits '{awaited.TargetMethod.Name}': if that is I/O, an expiring entry lets every concurrent request run it at once; consider HybridCache.GetOrCreateAsync, a per-key lock, or a cached Lazy<Task<T>>"));
        }
    }

    /// <summary>
    /// An awaited call in <paramref name="body"/> that is not a completed-task helper (<c>Task.FromResult</c>, <c>Task.Delay</c>, <c>Task.Run</c>…)
    /// and not a read of another cache tier (an L1 over Redis or <c>IDistributedCache</c> is the fix for stampedes, not their cause).
    /// </summary>
    private static IInvocationOperation? FindAwaitedCall(IOperation body, CacheSymbols symbols)
    {
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IAwaitOperation await)
            {
                continue;
            }

            var awaited = await.Operation.WalkDownConversions();
            if (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } inner })
            {
                awaited = inner.WalkDownConversions();
            }

            if (awaited is IInvocationOperation call && IsOpaqueDependency(call.TargetMethod) && CacheOperationRecognizer.Recognize(call, symbols) is null)
            {
                return call;
            }
        }

        return null;
    }

    /// <summary>
    /// True for a call whose body the analyzer cannot see and that is likely remote: a member of an interface or abstract type
    /// (an injected client or repository), or a method of a library outside <c>System.*</c>/<c>Microsoft.Extensions.*</c>.
    /// Helpers declared in source with a body are not assumed to be I/O.
    /// </summary>
    private static bool IsOpaqueDependency(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.TypeKind == TypeKind.Interface || method.IsAbstract)
        {
            return true;
        }

        if (!method.DeclaringSyntaxReferences.IsEmpty || method.ContainingAssembly is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return !(ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.Extensions", System.StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ (b) hand-rolled cache-aside

    private static void AnalyzeCacheAside(OperationAnalysisContext context, CacheOperation read, CacheSymbols symbols)
    {
        var body = ExecutionOrder.GetExecutableRoot(read.Invocation);
        if (!ReadResults.DecidesBranch(read.Invocation, body))
        {
            return;
        }

        CacheOperation? write = null;
        DataAccessCall io = default;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IInvocationOperation invocation || invocation.Syntax.SpanStart <= read.Invocation.Syntax.SpanStart)
            {
                continue;
            }

            if (HasCoalescing(invocation, symbols))
            {
                return;
            }

            if (write is not null)
            {
                continue;
            }

            if (io.IsNone && DataAccess.Classify(invocation) is { Kind: DataAccessKind.Read } call && ExecutionOrder.InSameBody(invocation, read.Invocation))
            {
                io = call;
                continue;
            }

            if (!io.IsNone &&
                CacheOperationRecognizer.Recognize(invocation, symbols) is { Kind: CacheOperationKind.Write, IsMultiKey: false } candidate &&
                candidate.Technology == read.Technology &&
                KeyExpressions.AreSameKey(read.Key, candidate.Key) &&
                (ExecutionOrder.RunsBefore(io.Invocation, invocation) || ExecutionOrder.IsWithin(io.Invocation, invocation)) &&
                !IsLazyValue(candidate))
            {
                write = candidate;
            }
        }

        if (write is null || HasCoalescingBefore(read.Invocation, body, symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE032,
            CodeContext.GetNameLocation(read.Invocation),
            $"Cache-aside without coalescing: a miss on '{read.Method.Name}' calls '{io.Name}' ({Describe(io.Technology)}) and then '{write.Method.Name}' on the same key, so when the entry expires every concurrent request loads it at once; use HybridCache.GetOrCreateAsync or FusionCache GetOrSetAsync, or guard the load with a per-key lock"));
    }

    private static bool HasCoalescingBefore(IInvocationOperation read, IOperation body, CacheSymbols symbols)
    {
        for (var parent = read.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILockOperation)
            {
                return true;
            }
        }

        foreach (var descendant in body.Descendants())
        {
            if (descendant is ILockOperation || descendant is IInvocationOperation invocation && invocation.Syntax.SpanStart < read.Syntax.SpanStart && HasCoalescing(invocation, symbols))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A per-key coalescing primitive: semaphores, monitors, distributed locks, keyed-lock helpers.</summary>
    private static bool HasCoalescing(IInvocationOperation invocation, CacheSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var name = method.Name;
        var type = method.ContainingType;
        if (name is "Wait" or "WaitAsync" && type?.Name == "SemaphoreSlim" ||
            name is "Enter" or "TryEnter" && type?.Name == "Monitor" ||
            name.StartsWith("LockTake", System.StringComparison.Ordinal))
        {
            return true;
        }

        if (name.IndexOf("Lock", System.StringComparison.Ordinal) >= 0 && !name.StartsWith("LockRelease", System.StringComparison.Ordinal) ||
            name.StartsWith("Acquire", System.StringComparison.Ordinal))
        {
            return true;
        }

        return name is "StringSet" or "StringSetAsync" && CacheOperationRecognizer.Recognize(invocation, symbols) is { IsSetIfNotExists: true };
    }

    private static bool IsLazyValue(ImmutableArray<ITypeSymbol> typeArguments)
    {
        foreach (var argument in typeArguments)
        {
            if (ResilienceSupport.IsLazyType(argument) ||
                argument is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task && ResilienceSupport.IsLazyType(task.TypeArguments[0]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLazyValue(CacheOperation write) =>
        ResilienceSupport.IsLazyType(write.ValueArgument?.Value.WalkDownConversions().Type) || IsLazyValue(write.Invocation.TargetMethod.TypeArguments);

    private static string Describe(DataAccessTechnology technology) => technology switch
    {
        DataAccessTechnology.EntityFramework => "EF Core",
        DataAccessTechnology.AdoNet => "ADO.NET",
        DataAccessTechnology.Dapper => "Dapper",
        DataAccessTechnology.Http => "HTTP",
        DataAccessTechnology.Grpc => "gRPC",
        DataAccessTechnology.MongoDb => "MongoDB",
        DataAccessTechnology.Cosmos => "Cosmos DB",
        DataAccessTechnology.File => "file I/O",
        DataAccessTechnology.Blob => "blob storage",
        _ => "I/O",
    };
}
