namespace CachingArchitect.Analyzers.Model;

/// <summary>The caching technology a recognized operation talks to.</summary>
internal enum CacheTechnology
{
    /// <summary>Microsoft.Extensions.Caching.Memory <c>IMemoryCache</c> and its extensions.</summary>
    MemoryCache,

    /// <summary><c>IDistributedCache</c> and <c>DistributedCacheExtensions</c>, whatever the provider.</summary>
    DistributedCache,

    /// <summary>StackExchange.Redis <c>IDatabase</c>/<c>IDatabaseAsync</c>/<c>IServer</c>.</summary>
    Redis,

    /// <summary>EnyimMemcachedCore <c>IMemcachedClient</c>.</summary>
    Memcached,

    /// <summary>Microsoft.Extensions.Caching.Hybrid <c>HybridCache</c>.</summary>
    HybridCache,

    /// <summary>ZiggyCreatures FusionCache <c>IFusionCache</c>.</summary>
    FusionCache,

    /// <summary>System.Runtime.Caching <c>ObjectCache</c>/<c>MemoryCache</c>.</summary>
    RuntimeCaching,

    /// <summary>ASP.NET Core output caching (<c>IOutputCacheStore</c>, policies).</summary>
    OutputCache,
}

/// <summary>What a cache operation does, as in the access-class table of the rule catalog (§6.2).</summary>
internal enum CacheOperationKind
{
    Read,
    ReadThrough,
    Write,
    Invalidate,
    Admin,
}

/// <summary>Where the expiry of a write comes from.</summary>
internal enum ExpirySourceKind
{
    /// <summary>The API has no way to carry an expiry in this overload (e.g. <c>Set(key, value)</c>).</summary>
    NoneInOverload,

    /// <summary>An optional expiry/options parameter exists but the call omitted it.</summary>
    OmittedOptional,

    /// <summary>An argument carries the expiry (a TimeSpan, DateTimeOffset, options object, seconds…).</summary>
    Argument,

    /// <summary>The expiry is configured inside a factory callback on its entry parameter.</summary>
    Factory,

    /// <summary>The expiry is configured on an <c>ICacheEntry</c> created by <c>CreateEntry</c>.</summary>
    Entry,

    /// <summary>The API does not take an expiry at all (reads, deletes) or applies its own defaults.</summary>
    NotApplicable,

    /// <summary>
    /// The expiry is the declared <c>Ttl</c> (with jitter) of the CachingArchitect schema key passed as the key: the typed helpers
    /// of CachingArchitect.StackExchangeRedis always apply it, as a relative (from now) expiry set atomically with the write.
    /// </summary>
    KeyDefinition,
}
