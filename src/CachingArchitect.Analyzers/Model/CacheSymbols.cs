using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// The library types every rule binds to, resolved once per compilation by metadata name.
/// A type that is absent (library not referenced) stays <c>null</c>; <see cref="HasAnyCachingLibrary"/>
/// lets every analyzer bail out at compilation start in projects that use no caching library.
/// </summary>
internal sealed class CacheSymbols
{
    private static readonly ConditionalWeakTable<Compilation, CacheSymbols> Cache = new();

    private CacheSymbols(Compilation compilation)
    {
        Compilation = compilation;
        // Most compilations of a solution reference no caching library: one pass over the referenced assembly names (cheap)
        // spares them ~45 GetTypeByMetadataName searches of every reference, which would otherwise run for every compilation
        // (in the IDE, after every edit). Nothing is registered for them, so every symbol below may stay null.
        var referencesCaching = ReferencesCachingAssembly(compilation);
        roles = new(concurrencyLevel: 16, capacity: referencesCaching ? RolesCapacity(System.Linq.Enumerable.Count(compilation.SyntaxTrees)) : 16, ReferenceComparer.Instance);
        INamedTypeSymbol? Lookup(string metadataName) => referencesCaching ? compilation.GetTypeByMetadataName(metadataName) : null;

        TimeSpan = Lookup("System.TimeSpan");
        DateTimeOffset = Lookup("System.DateTimeOffset");
        DateTime = Lookup("System.DateTime");

        // Microsoft.Extensions.Caching.Memory / Abstractions
        MemoryCache = Lookup("Microsoft.Extensions.Caching.Memory.IMemoryCache");
        MemoryCacheExtensions = Lookup("Microsoft.Extensions.Caching.Memory.CacheExtensions");
        CacheEntry = Lookup("Microsoft.Extensions.Caching.Memory.ICacheEntry");
        CacheEntryExtensions = Lookup("Microsoft.Extensions.Caching.Memory.CacheEntryExtensions");
        MemoryCacheEntryOptions = Lookup("Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions");
        MemoryCacheEntryExtensions = Lookup("Microsoft.Extensions.Caching.Memory.MemoryCacheEntryExtensions");
        MemoryCacheImpl = Lookup("Microsoft.Extensions.Caching.Memory.MemoryCache");
        MemoryCacheOptions = Lookup("Microsoft.Extensions.Caching.Memory.MemoryCacheOptions");
        CacheItemPriority = Lookup("Microsoft.Extensions.Caching.Memory.CacheItemPriority");

        // Distributed
        DistributedCache = Lookup("Microsoft.Extensions.Caching.Distributed.IDistributedCache");
        DistributedCacheExtensions = Lookup("Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions");
        DistributedCacheEntryOptions = Lookup("Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions");
        DistributedCacheEntryExtensions = Lookup("Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryExtensions");
        RedisCacheOptions = Lookup("Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions");

        // StackExchange.Redis
        RedisDatabase = Lookup("StackExchange.Redis.IDatabase");
        RedisDatabaseAsync = Lookup("StackExchange.Redis.IDatabaseAsync");
        RedisBatch = Lookup("StackExchange.Redis.IBatch");
        RedisTransaction = Lookup("StackExchange.Redis.ITransaction");
        RedisServer = Lookup("StackExchange.Redis.IServer");
        RedisSubscriber = Lookup("StackExchange.Redis.ISubscriber");
        RedisKey = Lookup("StackExchange.Redis.RedisKey");
        RedisExpiration = Lookup("StackExchange.Redis.Expiration");
        ConnectionMultiplexer = Lookup("StackExchange.Redis.ConnectionMultiplexer");

        // HybridCache (abstract class lives in Caching.Abstractions since 9.0)
        HybridCache = Lookup("Microsoft.Extensions.Caching.Hybrid.HybridCache");
        HybridCacheEntryOptions = Lookup("Microsoft.Extensions.Caching.Hybrid.HybridCacheEntryOptions");

        // FusionCache
        FusionCache = Lookup("ZiggyCreatures.Caching.Fusion.IFusionCache");
        FusionCacheEntryOptions = Lookup("ZiggyCreatures.Caching.Fusion.FusionCacheEntryOptions");
        FusionCacheExtMethods = Lookup("ZiggyCreatures.Caching.Fusion.FusionCacheExtMethods");

        // EnyimMemcachedCore
        MemcachedClient = Lookup("Enyim.Caching.IMemcachedClient");

        // System.Runtime.Caching
        ObjectCache = Lookup("System.Runtime.Caching.ObjectCache");
        CacheItemPolicy = Lookup("System.Runtime.Caching.CacheItemPolicy");
        RuntimeCacheItemPriority = Lookup("System.Runtime.Caching.CacheItemPriority");

        // ASP.NET Core output / response caching
        OutputCacheStore = Lookup("Microsoft.AspNetCore.OutputCaching.IOutputCacheStore");
        OutputCachePolicy = Lookup("Microsoft.AspNetCore.OutputCaching.IOutputCachePolicy");
        ResponseCacheAttribute = Lookup("Microsoft.AspNetCore.Mvc.ResponseCacheAttribute");

        // CachingArchitect key schemas (runtime library) and its StackExchange.Redis helpers
        CacheKeySchemaAttribute = Lookup("CachingArchitect.CacheKeySchemaAttribute");
        CacheKeyAttribute = Lookup("CachingArchitect.CacheKeyAttribute");
        CacheKeyPartAttribute = Lookup("CachingArchitect.CacheKeyPartAttribute");
        SchemaCacheKey = Lookup("CachingArchitect.CacheKey");
        SchemaCacheKeyOfT = Lookup("CachingArchitect.CacheKey`1");
        CacheKeyRedisExtensions = Lookup("CachingArchitect.StackExchangeRedis.CacheKeyRedisExtensions");
        RedisCacheAdministration = Lookup("CachingArchitect.StackExchangeRedis.RedisCacheAdministration");

        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (assembly.Name is "xunit.core" or "xunit.v3.core" or "nunit.framework" or "Microsoft.VisualStudio.TestPlatform.TestFramework" or "MSTest.TestFramework")
            {
                IsTestProject = true;
                break;
            }
        }

        HasAnyCachingLibrary =
            MemoryCache is not null || DistributedCache is not null || RedisDatabase is not null ||
            HybridCache is not null || FusionCache is not null || MemcachedClient is not null ||
            ObjectCache is not null || OutputCacheStore is not null || OutputCachePolicy is not null ||
            ResponseCacheAttribute is not null || CacheKeyAttribute is not null;
    }

    /// <summary>
    /// The assemblies that define the types above (Microsoft.Extensions.Caching.*, StackExchange.Redis, FusionCache, EnyimMemcachedCore,
    /// System.Runtime.Caching, ASP.NET Core output/response caching and MVC's <c>[ResponseCache]</c>, CachingArchitect's own libraries).
    /// </summary>
    private static readonly string[] CachingAssemblyPrefixes =
    {
        "Microsoft.Extensions.Caching.", "StackExchange.Redis", "ZiggyCreatures.FusionCache", "EnyimMemcachedCore", "System.Runtime.Caching",
        "Microsoft.AspNetCore.OutputCaching", "Microsoft.AspNetCore.ResponseCaching", "Microsoft.AspNetCore.Mvc.Core",
        "CachingArchitect",
    };

    /// <summary>True when a referenced assembly (or the compilation itself) may define a type the rules bind to.</summary>
    private static bool ReferencesCachingAssembly(Compilation compilation)
    {
        if (IsCachingAssemblyName(compilation.AssemblyName))
        {
            return true;
        }

        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (IsCachingAssemblyName(identity.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCachingAssemblyName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        foreach (var prefix in CachingAssemblyPrefixes)
        {
            if (name.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public Compilation Compilation { get; }

    /// <summary>True when the compilation references a test framework (xUnit, NUnit, MSTest).</summary>
    public bool IsTestProject { get; }

    /// <summary>True when at least one caching library the analyzers understand is referenced.</summary>
    public bool HasAnyCachingLibrary { get; }

    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? DateTime { get; }

    public INamedTypeSymbol? MemoryCache { get; }
    public INamedTypeSymbol? MemoryCacheExtensions { get; }
    public INamedTypeSymbol? CacheEntry { get; }
    public INamedTypeSymbol? CacheEntryExtensions { get; }
    public INamedTypeSymbol? MemoryCacheEntryOptions { get; }
    public INamedTypeSymbol? MemoryCacheEntryExtensions { get; }
    public INamedTypeSymbol? MemoryCacheImpl { get; }
    public INamedTypeSymbol? MemoryCacheOptions { get; }
    public INamedTypeSymbol? CacheItemPriority { get; }

    public INamedTypeSymbol? DistributedCache { get; }
    public INamedTypeSymbol? DistributedCacheExtensions { get; }
    public INamedTypeSymbol? DistributedCacheEntryOptions { get; }
    public INamedTypeSymbol? DistributedCacheEntryExtensions { get; }
    public INamedTypeSymbol? RedisCacheOptions { get; }

    public INamedTypeSymbol? RedisDatabase { get; }
    public INamedTypeSymbol? RedisDatabaseAsync { get; }
    public INamedTypeSymbol? RedisBatch { get; }
    public INamedTypeSymbol? RedisTransaction { get; }
    public INamedTypeSymbol? RedisServer { get; }
    public INamedTypeSymbol? RedisSubscriber { get; }
    public INamedTypeSymbol? RedisKey { get; }

    /// <summary>SE.Redis 2.10+ <c>Expiration</c> struct; null on older versions (overload family up to 2.9).</summary>
    public INamedTypeSymbol? RedisExpiration { get; }
    public INamedTypeSymbol? ConnectionMultiplexer { get; }

    public INamedTypeSymbol? HybridCache { get; }
    public INamedTypeSymbol? HybridCacheEntryOptions { get; }

    public INamedTypeSymbol? FusionCache { get; }
    public INamedTypeSymbol? FusionCacheEntryOptions { get; }

    /// <summary>FusionCache's extension overloads on <c>IFusionCache</c> (<c>TimeSpan duration</c>, <c>Func&lt;CancellationToken, …&gt;</c> factories…).</summary>
    public INamedTypeSymbol? FusionCacheExtMethods { get; }

    public INamedTypeSymbol? MemcachedClient { get; }

    public INamedTypeSymbol? ObjectCache { get; }
    public INamedTypeSymbol? CacheItemPolicy { get; }
    public INamedTypeSymbol? RuntimeCacheItemPriority { get; }

    public INamedTypeSymbol? OutputCacheStore { get; }
    public INamedTypeSymbol? OutputCachePolicy { get; }
    public INamedTypeSymbol? ResponseCacheAttribute { get; }

    /// <summary><c>CachingArchitect.CacheKeySchemaAttribute</c> (runtime library); null when the library is not referenced.</summary>
    public INamedTypeSymbol? CacheKeySchemaAttribute { get; }

    /// <summary><c>CachingArchitect.CacheKeyAttribute</c>: the Schema rules (CACHE080–089) are registered only when it resolves.</summary>
    public INamedTypeSymbol? CacheKeyAttribute { get; }

    public INamedTypeSymbol? CacheKeyPartAttribute { get; }

    /// <summary><c>CachingArchitect.CacheKey</c>, the rendered key of a schema.</summary>
    public INamedTypeSymbol? SchemaCacheKey { get; }

    /// <summary><c>CachingArchitect.CacheKey&lt;TValue&gt;</c> (unbound definition).</summary>
    public INamedTypeSymbol? SchemaCacheKeyOfT { get; }

    /// <summary>Typed helpers on <c>IDatabase</c>/<c>IDatabaseAsync</c> taking a schema key (package CachingArchitect.StackExchangeRedis).</summary>
    public INamedTypeSymbol? CacheKeyRedisExtensions { get; }

    /// <summary>Administrative helpers of CachingArchitect.StackExchangeRedis (<c>DeleteFamilyAsync</c>: SCAN + DEL by family pattern).</summary>
    public INamedTypeSymbol? RedisCacheAdministration { get; }

    /// <summary>True when <paramref name="type"/> is <c>CachingArchitect.CacheKey</c> or a <c>CacheKey&lt;T&gt;</c>.</summary>
    public bool IsSchemaKeyType(ITypeSymbol? type) =>
        type is INamedTypeSymbol named &&
        ((SchemaCacheKey is not null && SymbolEqualityComparer.Default.Equals(named, SchemaCacheKey)) ||
         (SchemaCacheKeyOfT is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, SchemaCacheKeyOfT)));

    // Keyed by instance: the compiler hands out one symbol object per type definition, so the reference hash (no symbol hashing or
    // equality walk) finds it; a second object for the same definition would only compute its roles twice. Sized from the number
    // of files up front (RolesCapacity): growing the table takes every lock while it rehashes, and the analyzer threads wait.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, CacheTypeRoles> roles;

    /// <summary>Initial size of the role table: about eight types per file, between 256 and 32,768 entries.</summary>
    internal static int RolesCapacity(int syntaxTrees) => System.Math.Min(32768, System.Math.Max(256, syntaxTrees * 8));

    private sealed class ReferenceComparer : System.Collections.Generic.IEqualityComparer<INamedTypeSymbol>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(INamedTypeSymbol? x, INamedTypeSymbol? y) => ReferenceEquals(x, y);

        public int GetHashCode(INamedTypeSymbol obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>
    /// The cache API roles of <paramref name="type"/> (<see cref="CacheTypeRoles"/>): which library types it is, implements or derives from,
    /// computed once per type definition for the compilation. Rules ask this instead of walking <c>AllInterfaces</c> on every invocation:
    /// most invocations of a code base are on types unrelated to any cache API, and for them the answer is one dictionary lookup.
    /// </summary>
    public CacheTypeRoles GetRoles(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            // Type parameters (constraints) and arrays: rare receivers, not cached.
            return type is null ? CacheTypeRoles.None : ComputeRoles(type);
        }

        var definition = named.OriginalDefinition;
        if (roles.TryGetValue(definition, out var known))
        {
            return known;
        }

        var computed = ComputeRoles(definition);
        roles.TryAdd(definition, computed);
        return computed;
    }

    /// <summary>Recognized calls on cache types (<see cref="CacheOperationRecognizer.Recognize"/>), per operation instance.</summary>
    internal ConditionalWeakTable<Microsoft.CodeAnalysis.Operations.IInvocationOperation, Recognition> Recognized { get; } = new();

    /// <summary>The recognizer's answer for one call (null: a call on a cache type that is not a cache operation).</summary>
    internal sealed class Recognition
    {
        public Recognition(CacheOperation? operation) => Operation = operation;

        public CacheOperation? Operation { get; }
    }

    /// <summary>True when <paramref name="type"/> has any of <paramref name="role"/> (see <see cref="GetRoles"/>).</summary>
    public bool Has(ITypeSymbol? type, CacheTypeRoles role) => (GetRoles(type) & role) != 0;

    private CacheTypeRoles ComputeRoles(ITypeSymbol type)
    {
        var result = CacheTypeRoles.None;
        if (type.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.TypeParameter)
        {
            Add(ref result, IsType(type, CacheKeyRedisExtensions), CacheTypeRoles.CacheKeyRedisExtensions);
            Add(ref result, IsType(type, RedisCacheAdministration), CacheTypeRoles.RedisCacheAdministration);
            Add(ref result, IsType(type, MemoryCacheExtensions), CacheTypeRoles.MemoryCacheExtensions);
            Add(ref result, IsType(type, DistributedCacheExtensions), CacheTypeRoles.DistributedCacheExtensions);
            Add(ref result, IsType(type, FusionCacheExtMethods), CacheTypeRoles.FusionCacheExtMethods);
            Add(ref result, IsType(type, MemoryCacheImpl), CacheTypeRoles.MemoryCacheImpl);
            Add(ref result, IsOrImplements(type, MemoryCache), CacheTypeRoles.MemoryCache);
            Add(ref result, IsOrImplements(type, DistributedCache), CacheTypeRoles.DistributedCache);
            Add(ref result, IsOrImplements(type, RedisDatabaseAsync), CacheTypeRoles.RedisDatabaseAsync);
            Add(ref result, IsOrImplements(type, RedisServer), CacheTypeRoles.RedisServer);
            Add(ref result, IsOrImplements(type, RedisSubscriber), CacheTypeRoles.RedisSubscriber);
            Add(ref result, IsOrImplements(type, RedisBatch), CacheTypeRoles.RedisBatch);
            Add(ref result, IsOrImplements(type, CacheEntry), CacheTypeRoles.CacheEntry);
            Add(ref result, IsOrImplements(type, HybridCache), CacheTypeRoles.HybridCache);
            Add(ref result, IsOrImplements(type, FusionCache), CacheTypeRoles.FusionCache);
            Add(ref result, IsOrImplements(type, MemcachedClient), CacheTypeRoles.MemcachedClient);
            Add(ref result, IsOrImplements(type, ObjectCache), CacheTypeRoles.ObjectCache);
            Add(ref result, IsOrImplements(type, OutputCacheStore), CacheTypeRoles.OutputCacheStore);
        }

        return result;

        static void Add(ref CacheTypeRoles roles, bool condition, CacheTypeRoles role)
        {
            if (condition)
            {
                roles |= role;
            }
        }

        static bool IsType(ITypeSymbol type, INamedTypeSymbol? target) =>
            target is not null && SymbolEqualityComparer.Default.Equals(type, target);
    }

    public static CacheSymbols Get(Compilation compilation) =>
        Cache.GetValue(compilation, static c => new CacheSymbols(c));

    /// <summary>True when <paramref name="type"/> is <paramref name="target"/> or implements/derives from it.</summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? target)
    {
        if (type is null || target is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target))
        {
            return true;
        }

        if (target.TypeKind == TypeKind.Interface)
        {
            foreach (var i in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, target))
                {
                    return true;
                }
            }

            return false;
        }

        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, target))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The cache API roles of a type, see <see cref="CacheSymbols.GetRoles"/>.</summary>
[System.Flags]
internal enum CacheTypeRoles
{
    None = 0,
    CacheKeyRedisExtensions = 1 << 0,
    RedisCacheAdministration = 1 << 1,
    MemoryCacheExtensions = 1 << 2,
    DistributedCacheExtensions = 1 << 3,
    FusionCacheExtMethods = 1 << 4,
    MemoryCacheImpl = 1 << 5,
    MemoryCache = 1 << 6,
    DistributedCache = 1 << 7,
    RedisDatabaseAsync = 1 << 8,
    RedisServer = 1 << 9,
    HybridCache = 1 << 10,
    FusionCache = 1 << 11,
    MemcachedClient = 1 << 12,
    ObjectCache = 1 << 13,
    OutputCacheStore = 1 << 14,
    RedisSubscriber = 1 << 15,
    RedisBatch = 1 << 16,
    CacheEntry = 1 << 17,

    /// <summary>Types whose methods the recognizer may turn into cache operations.</summary>
    OperationTypes = CacheKeyRedisExtensions | RedisCacheAdministration | MemoryCacheExtensions | DistributedCacheExtensions | FusionCacheExtMethods |
                     MemoryCacheImpl | MemoryCache | DistributedCache | RedisDatabaseAsync | RedisServer | HybridCache | FusionCache | MemcachedClient |
                     ObjectCache | OutputCacheStore,
}
