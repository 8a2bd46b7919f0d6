using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers;

/// <summary>
/// Every descriptor of the package, created through one factory so that the help link, category and
/// tags follow the same pattern. Severity rubric (docs/severity.md): Error = proven runtime failure;
/// Warning = likely defect, no known false positive on idiomatic code; Info = smell or heuristic.
/// </summary>
internal static class Descriptors
{
    /// <summary>Base of every rule's help link: the rule's page in this repository.</summary>
    public const string HelpLinkBase = "https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        bool enabledByDefault = true,
        params string[] customTags) =>
        new(id, title, messageFormat, category, severity, enabledByDefault, description, HelpLink(id), customTags);

    // ---------------------------------------------------------------- Expiration

    public static readonly DiagnosticDescriptor CACHE001 = Create(
        RuleIds.InProcessEntryWithoutExpiration,
        "In-process cache entry stored without any expiration",
        "{0} stores an in-process cache entry without any expiration{1}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Warning,
        "An IMemoryCache or System.Runtime.Caching entry with no absolute, relative or sliding expiration and no change token lives until the process ends; the runtime does not trim the cache under memory pressure.");

    public static readonly DiagnosticDescriptor CACHE002 = Create(
        RuleIds.SlidingWithoutAbsoluteCap,
        "Sliding expiration without an absolute cap",
        "{0} stores an entry with a sliding expiration but no absolute expiration cap: an entry that keeps being read never expires",
        RuleCategories.Expiration,
        DiagnosticSeverity.Warning,
        "A cache entry with only a sliding expiration is at risk of never expiring. Add an absolute or relative expiration as a cap.");

    public static readonly DiagnosticDescriptor CACHE003 = Create(
        RuleIds.DistributedWriteWithoutExpiration,
        "IDistributedCache write without expiration",
        "{0} writes to IDistributedCache without an expiration{1}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Warning,
        "IDistributedCache writes without absolute or relative expiration are stored without a TTL by Redis and Memcached providers and live until evicted.");

    public static readonly DiagnosticDescriptor CACHE004 = Create(
        RuleIds.RedisKeyWithoutTtl,
        "Redis key written without TTL, or TTL set non-atomically",
        "{0}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Warning,
        "A Redis key written without a TTL never expires and is invisible to volatile-* eviction policies; a successful SET discards any previous TTL. Setting the TTL with a separate EXPIRE is not atomic.");

    public static readonly DiagnosticDescriptor CACHE005 = Create(
        RuleIds.MemcachedItemWithoutExpiration,
        "Memcached item stored without expiration",
        "{0} stores a Memcached item that never expires{1}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Warning,
        "Memcached items with exptime 0 never expire; they crowd out hot items in their slab class and hide staleness.");

    public static readonly DiagnosticDescriptor CACHE006 = Create(
        RuleIds.SynchronizedExpiry,
        "Synchronized expiry: uniform TTL in bulk writes (no jitter)",
        "{0}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Info,
        "Entries written together with the same TTL expire together and cause a stampede on the data source. Add jitter to the TTL.");

    public static readonly DiagnosticDescriptor CACHE007 = Create(
        RuleIds.IncoherentDuration,
        "Incoherent or out-of-range duration settings",
        "{0}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Warning,
        "Duration settings that are out of range, contradict each other, or read a TimeSpan component where a total is meant are ignored, normalized or throw at runtime.");

    public static readonly DiagnosticDescriptor CACHE008 = Create(
        RuleIds.UnboundedDictionaryCache,
        "Static/singleton dictionary used as an unbounded cache",
        "{0}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Info,
        "A static or singleton dictionary filled with keys from an unbounded domain and never pruned grows without bound.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE009 = Create(
        RuleIds.SelfResurrectingEntry,
        "Self-resurrecting entries (re-insert from eviction callback)",
        "{0}",
        RuleCategories.Expiration,
        DiagnosticSeverity.Info,
        "An eviction callback that writes the entry back defeats eviction under memory pressure and runs without stampede protection.");

    // ---------------------------------------------------------------- Keys

    public static readonly DiagnosticDescriptor CACHE010 = Create(
        RuleIds.VolatileKey,
        "Volatile value embedded in a cache key",
        "Cache key contains a volatile value ({0}); every write creates a new key and no read ever hits",
        RuleCategories.Keys,
        DiagnosticSeverity.Warning,
        "Timestamps, random values, new GUIDs, tick counts and string.GetHashCode() make every key unique: the hit rate is 0% and the key count grows without bound.");

    public static readonly DiagnosticDescriptor CACHE011 = Create(
        RuleIds.ExternalInputKey,
        "Raw external input used as (part of) a cache key",
        "Cache key contains raw external input ({0}); parse it to a typed id, check it against an allow-list, or hash and cap it",
        RuleCategories.Keys,
        DiagnosticSeverity.Warning,
        "Arbitrary request input in a cache key lets a caller create unbounded numbers of entries and saturate the cache.");

    public static readonly DiagnosticDescriptor CACHE012 = Create(
        RuleIds.AmbiguousKeyComposition,
        "Ambiguous key composition (adjacent parts without delimiter)",
        "Cache key joins {0} without a delimiter; different values can produce the same key",
        RuleCategories.Keys,
        DiagnosticSeverity.Warning,
        "Key parts joined without a separator collide: customer 42 + order 123 and customer 421 + order 23 both become 'order42123'.");

    public static readonly DiagnosticDescriptor CACHE013 = Create(
        RuleIds.KeyWithoutNamespace,
        "Key without namespace or version prefix",
        "{0}",
        RuleCategories.Keys,
        DiagnosticSeverity.Info,
        "Keys should follow a schema such as 'app:type:id[:v2]' so that applications sharing a cache do not collide and schema changes can be rolled out by version.");

    /// <summary>
    /// CACHE013 case (d), reported at compilation end by its own analyzer: the same ID, title, category and severity as
    /// <see cref="CACHE013"/>, plus the <c>CompilationEnd</c> tag, so that the live cases keep running in the IDE.
    /// </summary>
    public static readonly DiagnosticDescriptor CACHE013Family = Create(
        RuleIds.KeyWithoutNamespace,
        "Key without namespace or version prefix",
        "{0}",
        RuleCategories.Keys,
        DiagnosticSeverity.Info,
        "Writers of one key family should agree on its version token; otherwise readers of one version miss the other's entries and a version bump leaves stale entries behind.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE014 = Create(
        RuleIds.KeyRejectedByBackend,
        "Key that the backend rejects or silently ignores",
        "{0}",
        RuleCategories.Keys,
        DiagnosticSeverity.Warning,
        "Keys that break a backend's rules throw (Memcached whitespace), silently fail (Memcached keys over 250 bytes) or disable caching (HybridCache keys over MaximumKeyLength).");

    public static readonly DiagnosticDescriptor CACHE015 = Create(
        RuleIds.GlobPatternOnExactKeyApi,
        "Glob pattern passed to an exact-key API",
        "'{0}' takes an exact key, but '{1}' looks like a glob pattern; the call matches nothing",
        RuleCategories.Keys,
        DiagnosticSeverity.Warning,
        "Exact-key APIs do not expand wildcards: a DEL or Remove with '*' silently does nothing.");

    // ---------------------------------------------------------------- Consistency

    public static readonly DiagnosticDescriptor CACHE020 = Create(
        RuleIds.CacheMutatedBeforeDurableWrite,
        "Cache invalidated or updated before the durable write",
        "{0}",
        RuleCategories.Consistency,
        DiagnosticSeverity.Warning,
        "Removing or updating a cache entry before the data store write commits leaves a window in which a concurrent reader misses, reads the old row and caches it again; the stale value then survives a full TTL. Update the data store first, then invalidate.");

    public static readonly DiagnosticDescriptor CACHE021 = Create(
        RuleIds.SharedCachedInstanceMutated,
        "Mutation of a shared in-memory cached instance",
        "{0}",
        RuleCategories.Consistency,
        DiagnosticSeverity.Info,
        "In-process caches hand the same object to every caller: mutating a value read from IMemoryCache or ObjectCache, or a value after it was stored, changes the cached entry for all callers without synchronization.");

    public static readonly DiagnosticDescriptor CACHE024 = Create(
        RuleIds.CacheAsSystemOfRecord,
        "Cache used as the system of record",
        "{0}",
        RuleCategories.Consistency,
        DiagnosticSeverity.Info,
        "Redis data structures written without a TTL and fed by no database or service hold the only copy of the data: an eviction, failover or flush loses it.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE025 = Create(
        RuleIds.DeferredQueryCached,
        "Deferred query cached",
        "{0}",
        RuleCategories.Consistency,
        DiagnosticSeverity.Warning,
        "Caching an IQueryable or a lazily evaluated LINQ sequence stores the query, not its results: it runs again on every read, and throws once its DbContext is disposed. Materialize it with ToList()/ToListAsync() before caching.");

    public static readonly DiagnosticDescriptor CACHE022 = Create(
        RuleIds.MultiNodeL1WithoutInvalidation,
        "Multi-node L1 without a cross-node invalidation channel",
        "{0}",
        RuleCategories.Consistency,
        DiagnosticSeverity.Info,
        "A local (L1) cache in front of a shared L2 keeps serving an entry on other nodes after it was changed or removed, unless a backplane or pub/sub channel invalidates it or its L1 lifetime is short. A FusionCache backplane without an L2 makes every node evict its entries on every change.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE023 = Create(
        RuleIds.DistributedCacheNotDistributed,
        "\"Distributed\" cache that is not distributed",
        "{0}",
        RuleCategories.Consistency,
        DiagnosticSeverity.Warning,
        "AddDistributedMemoryCache() registers an IDistributedCache that stores entries in the memory of each app instance: in a web farm the caches diverge, and HybridCache drops it as an L2 entirely.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    // (end of Consistency)

    // ---------------------------------------------------------------- Resilience

    public static readonly DiagnosticDescriptor CACHE030 = Create(
        RuleIds.ConnectionMultiplexerPerOperation,
        "ConnectionMultiplexer created per operation or with a non-singleton lifetime",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Warning,
        "A ConnectionMultiplexer is designed to be created once and shared for the lifetime of the application. Creating one per operation, disposing it after use, or registering it as scoped or transient exhausts sockets and ports, adds a connection handshake to every call and pegs the CPU under load.");

    public static readonly DiagnosticDescriptor CACHE031 = Create(
        RuleIds.FragileRedisConnection,
        "Fragile Redis connection configuration",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Warning,
        "With abortConnect=true (the default outside Azure) a Redis blip at start-up makes Connect throw and no multiplexer is ever created; polling IsConnected and re-creating the multiplexer fights the library's own reconnection; extreme connect/sync/async timeouts either fail on every hiccup or hang requests.");

    public static readonly DiagnosticDescriptor CACHE032 = Create(
        RuleIds.StampedeProneCacheAside,
        "Stampede-prone cache-aside around an expensive factory",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Warning,
        "IMemoryCache.GetOrCreate[Async] and hand-rolled get/miss/load/set code do not coalesce concurrent misses: when a hot entry expires every concurrent caller runs the expensive load at once. Use HybridCache or FusionCache (which coalesce per key), a per-key lock, or cache a Lazy<Task<T>>.");

    public static readonly DiagnosticDescriptor CACHE033 = Create(
        RuleIds.UnsafeRedisLock,
        "Unsafe Redis lock (no expiry / no owner check)",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Warning,
        "A Redis lock taken with SET NX and no expiry stays forever when its holder crashes, a lease of days or TimeSpan.MaxValue is no lease, and releasing with KeyDelete instead of LockRelease can delete a lock another process has taken after yours expired.");

    public static readonly DiagnosticDescriptor CACHE035 = Create(
        RuleIds.PerCallCacheInstance,
        "Per-call MemoryCache / MemcachedClient instance",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Warning,
        "A MemoryCache or MemcachedClient created per request, per service instance or per property access starts its own timers or sockets, must be disposed, and never returns a hit. Create one and share it (a singleton registration or a static field).");

    public static readonly DiagnosticDescriptor CACHE034 = Create(
        RuleIds.CacheOutagePropagates,
        "Cache outage propagates to the caller",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Info,
        "When the cache server is down or slow, a cache call that is not guarded by a catch, a resilience pipeline or a circuit breaker fails the whole request, although the data source could still answer it.");

    /// <summary>CACHE034 (c), reported at compilation end from the registration facts: the CompilationEnd twin of <see cref="CACHE034"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE034Registrations = Create(
        RuleIds.CacheOutagePropagates,
        "Cache outage propagates to the caller",
        "{0}",
        RuleCategories.Resilience,
        DiagnosticSeverity.Info,
        "A FusionCache with a distributed L2 and no circuit breaker keeps waiting for the L2 to time out on every call while it is down.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    // (end of Resilience)

    // ---------------------------------------------------------------- Performance

    public static readonly DiagnosticDescriptor CACHE040 = Create(
        RuleIds.KeyspaceEnumeration,
        "Keyspace enumeration (KEYS/SCAN) in application code",
        "{0}",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "IServer.Keys and the KEYS/SCAN commands sweep the whole keyspace of a server: KEYS blocks Redis for the whole sweep and SCAN still touches every key. Keep an index of member keys (a set or tags) or version the key family instead.");

    public static readonly DiagnosticDescriptor CACHE041 = Create(
        RuleIds.BlockingCacheIo,
        "Blocking cache I/O on an async path",
        "{0}",
        RuleCategories.Performance,
        DiagnosticSeverity.Warning,
        "A synchronous cache call, or .Result/.Wait()/GetAwaiter().GetResult() on a cache task, inside async code or on the request path blocks a thread-pool thread for a network round trip; under load this starves the pool and shows up as cache timeouts.");

    public static readonly DiagnosticDescriptor CACHE042 = Create(
        RuleIds.RoundTripsInLoop,
        "N+1 cache round trips in a loop",
        "{0}",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "Awaiting one single-key cache call per loop iteration costs one network round trip per item. Use a multi-key call (MGET), a batch, or start the calls and await them together.");

    public static readonly DiagnosticDescriptor CACHE043 = Create(
        RuleIds.OversizedValue,
        "Oversized or unbounded cache value",
        "{0}",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "A distributed or hybrid cache value that holds a whole table or a whole file grows without bound: large values are slow to serialize, block the replies pipelined behind them, and may exceed HybridCache's MaximumPayloadBytes or the Memcached item size.");

    public static readonly DiagnosticDescriptor CACHE044 = Create(
        RuleIds.HotConstantKey,
        "Hot constant key read on the request path without a local tier",
        "{0}",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "A constant key read from a remote cache on every request is a hot key: every request goes to the same shard. Put an in-process tier in front (HybridCache, FusionCache, IMemoryCache).");

    public static readonly DiagnosticDescriptor CACHE045 = Create(
        RuleIds.HybridValueNotReuseSafe,
        "HybridCache value type not reuse-safe",
        "{0}",
        RuleCategories.Performance,
        DiagnosticSeverity.Info,
        "HybridCache reuses a cached instance across callers only when its type is sealed and marked [ImmutableObject(true)]; otherwise every hit deserializes a new copy. Immutable value types should say so.");

    // (end of Performance)

    // ---------------------------------------------------------------- Security

    public static readonly DiagnosticDescriptor CACHE050 = Create(
        RuleIds.PerUserDataUnderSharedKey,
        "Per-user data cached under a shared key",
        "'{0}' caches a value computed from {1} ('{2}'), but the key contains nothing from that context: every user gets the entry of whoever filled it first",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "The cached value depends on the current user, tenant, session or cookies, but the key does not. The first caller's data is served to everyone who asks for the same key: a cross-user data leak. Put the user or tenant id (from the same context) into the key.");

    public static readonly DiagnosticDescriptor CACHE051 = Create(
        RuleIds.UnsafeCacheDeserialization,
        "Unsafe deserialization of cache payloads",
        "{0}",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "Cache payloads are (de)serialized with a type-embedding serializer (BinaryFormatter, NetDataContractSerializer, SoapFormatter, Enyim BinaryFormatterTranscoder, Newtonsoft TypeNameHandling without a restrictive binder). Anyone who can write to the shared cache gets code execution in every reader.");

    public static readonly DiagnosticDescriptor CACHE052 = Create(
        RuleIds.InsecureCacheConnection,
        "Cleartext or hard-coded cache credentials / disabled TLS validation",
        "{0}",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "Redis connection settings with a password in source, a remote server reached without TLS, or TLS certificate validation turned off. Keep secrets in configuration and use TLS across untrusted networks.");

    public static readonly DiagnosticDescriptor CACHE053 = Create(
        RuleIds.AdminCacheCommand,
        "Destructive or admin cache commands in application code",
        "{0}{1}",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "FLUSHDB/FLUSHALL, CONFIG SET, SHUTDOWN, REPLICAOF and allowAdmin belong to operations tooling, not application code: one call wipes or reconfigures the shared cache for every instance.");

    public static readonly DiagnosticDescriptor CACHE054 = Create(
        RuleIds.UnauthenticatedPurgeEndpoint,
        "Unauthenticated cache purge endpoint",
        "{0} lets any anonymous caller purge the cache{1}: require authorization on the endpoint with RequireAuthorization() or [Authorize]",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "An endpoint evicts cache entries or tags chosen by the request, and nothing requires the caller to be authenticated (no [Authorize], RequireAuthorization(), authorized group or fallback policy), or it is explicitly [AllowAnonymous]. Anyone can empty the cache on demand, which gives origin overload and stampedes.");

    /// <summary>CACHE054 for endpoints without any authorization metadata, judged at compilation end: the CompilationEnd twin of <see cref="CACHE054"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE054Unprotected = Create(
        RuleIds.UnauthenticatedPurgeEndpoint,
        "Unauthenticated cache purge endpoint",
        "{0} lets any anonymous caller purge the cache{1}: require authorization on the endpoint with RequireAuthorization() or [Authorize]",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "An endpoint evicts cache entries or tags chosen by the request, and nothing in the project (no [Authorize], RequireAuthorization(), authorized group, global filter or fallback policy) requires the caller to be authenticated.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    // (end of Security)

    // ---------------------------------------------------------------- HTTP/CDN

    public static readonly DiagnosticDescriptor CACHE062 = Create(
        RuleIds.CachingMiddlewareOrder,
        "Caching middleware registered in the wrong order",
        "{0}",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "Output caching must run after UseCors, UseRouting (controllers and Razor Pages), UseAuthentication and UseAuthorization, and response caching after UseCors; both must come before the terminal endpoint middleware. Before authentication, a cookie-authenticated user looks anonymous, so cached content can be served to unauthorized users.");

    public static readonly DiagnosticDescriptor CACHE066 = Create(
        RuleIds.IneffectiveHttpCaching,
        "HTTP caching that silently does nothing or is trivially bypassed",
        "{0}",
        RuleCategories.Http,
        DiagnosticSeverity.Info,
        "HTTP caching configuration that has no effect or defeats its purpose: [ResponseCache] on a Razor Pages handler method (ignored), output-cache locking turned off (no stampede protection), or a custom IOutputCacheStore over IDistributedCache (no atomic tagging).");

    /// <summary>CACHE066 (b), reported at compilation end (UseOutputCache may be called in any file): the CompilationEnd twin of <see cref="CACHE066"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE066ResponseCachingOnly = Create(
        RuleIds.IneffectiveHttpCaching,
        "HTTP caching that silently does nothing or is trivially bypassed",
        "{0}",
        RuleCategories.Http,
        DiagnosticSeverity.Info,
        "UseResponseCaching is the only server-side HTTP cache of an app that can use output caching: clients bypass it with Cache-Control: no-cache, so it does not shield the origin.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE061 = Create(
        RuleIds.PersonalizedOutputCache,
        "Output-cache policy that stores personalized responses without varying",
        "{0}",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "The default output-cache policy does not cache requests of authenticated users. A custom IOutputCachePolicy that turns caching on without checking the user, or an output-cached endpoint whose response depends on cookies, the session, request headers or the user without varying the cache key by them, caches one caller's response and serves it to everyone.");

    /// <summary>CACHE061 (b) and (c), reported at compilation end (named and base policies can be registered in any file): the CompilationEnd twin of <see cref="CACHE061"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE061Endpoints = Create(
        RuleIds.PersonalizedOutputCache,
        "Output-cache policy that stores personalized responses without varying",
        "{0}",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "An output-cached endpoint whose response depends on request cookies, the session or request headers, or on the user under a policy that caches authenticated requests, and whose output-cache policies do not vary by that state: the first caller's response is served to everyone.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE060 = Create(
        RuleIds.SharedCacheablePersonalizedResponse,
        "Shared-cacheable headers on an authenticated or personalized response",
        "{0} lets CDNs and proxies store the response of '{1}' ({2}), but the endpoint {3}: make it private (Location = ResponseCacheLocation.Client or Private = true) or NoStore",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "An authenticated or personalized endpoint sends 'public' (or 's-maxage'): [ResponseCache] with Duration > 0 and Location absent or Any, or a manual Cache-Control header. Shared caches (CDNs, proxies, ASP.NET Core's Response Caching Middleware for cookie-authenticated requests) may then store one user's page and serve it to the next visitor.");

    /// <summary>
    /// CACHE060 cases that need compilation-wide facts (a fallback policy or global authorization filter/convention, a cache profile), reported
    /// at compilation end by the twin analyzer: the same ID, title, category and severity as <see cref="CACHE060"/>, plus the <c>CompilationEnd</c> tag.
    /// </summary>
    public static readonly DiagnosticDescriptor CACHE060Global = Create(
        RuleIds.SharedCacheablePersonalizedResponse,
        "Shared-cacheable headers on an authenticated or personalized response",
        "{0} lets CDNs and proxies store the response of '{1}' ({2}), but the endpoint {3}: make it private (Location = ResponseCacheLocation.Client or Private = true) or NoStore",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "An authenticated or personalized endpoint sends 'public' (or 's-maxage'): [ResponseCache] with Duration > 0 and Location absent or Any, or a manual Cache-Control header. Shared caches (CDNs, proxies, ASP.NET Core's Response Caching Middleware for cookie-authenticated requests) may then store one user's page and serve it to the next visitor.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE063 = Create(
        RuleIds.ResponseCacheThrows,
        "[ResponseCache] configuration that throws at runtime",
        "This [ResponseCache] throws InvalidOperationException on every request: {0}",
        RuleCategories.Http,
        DiagnosticSeverity.Error,
        "ResponseCacheFilter throws InvalidOperationException on every request to the action when Duration is missing and NoStore is not true (Location = None is exempt only after ASP.NET Core 6.0), when VaryByQueryKeys is set without the Response Caching Middleware, or when the named cache profile is not defined.");

    /// <summary>CACHE063 cases (b) and (c) and profile-based (a), which need compilation-wide facts: the twin of <see cref="CACHE063"/> with the <c>CompilationEnd</c> tag.</summary>
    public static readonly DiagnosticDescriptor CACHE063Global = Create(
        RuleIds.ResponseCacheThrows,
        "[ResponseCache] configuration that throws at runtime",
        "This [ResponseCache] throws InvalidOperationException on every request: {0}",
        RuleCategories.Http,
        DiagnosticSeverity.Error,
        "ResponseCacheFilter throws InvalidOperationException on every request to the action when Duration is missing and NoStore is not true (Location = None is exempt only after ASP.NET Core 6.0), when VaryByQueryKeys is set without the Response Caching Middleware, or when the named cache profile is not defined.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE064 = Create(
        RuleIds.MalformedCacheControl,
        "Malformed or contradictory Cache-Control value",
        "The Cache-Control value \"{0}\" {1}",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "Caches ignore or misread invalid Cache-Control directives: directives are comma-separated, arguments follow '=' and delta-seconds arguments are integers. Contradictory directives (no-store with max-age or public, public with private, no-cache with immutable) and a Pragma: no-cache next to a cacheable Cache-Control leave the behaviour to each cache.");

    public static readonly DiagnosticDescriptor CACHE065 = Create(
        RuleIds.SharedCacheableResponseSetsCookies,
        "Shared-cacheable response that also sets cookies",
        "{0} issues a cookie on a response that shared caches may store ({1}): a CDN can hand this Set-Cookie to other visitors; issue the cookie from a non-cached endpoint or make the response private",
        RuleCategories.Http,
        DiagnosticSeverity.Warning,
        "A response marked public (or with s-maxage) also carries Set-Cookie: a sign-in, session, antiforgery or other cookie. ASP.NET Core's own caches skip such responses, but CDNs and proxies may store them and replay the cookie, and with it a session, to the next visitor.");

    // (end of HTTP)

    // ---------------------------------------------------------------- Configuration

    public static readonly DiagnosticDescriptor CACHE070 = Create(
        RuleIds.SizeLimitOnSharedMemoryCache,
        "SizeLimit set on the shared DI IMemoryCache",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "Once the shared IMemoryCache from dependency injection has a SizeLimit, every entry anyone adds to it (your code, HybridCache's L1, libraries such as MiniProfiler or AspNetCoreRateLimit) must specify a Size, or the write throws InvalidOperationException. Give the bounded cache its own MemoryCache type instead.");

    /// <summary>CACHE070 for <c>AddEntityFramework&lt;Provider&gt;()</c> registration order, reported at compilation end: the CompilationEnd twin of <see cref="CACHE070"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE070Registrations = Create(
        RuleIds.SizeLimitOnSharedMemoryCache,
        "SizeLimit set on the shared DI IMemoryCache",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "AddEntityFramework<Provider>() on the application's service collection TryAdds EF Core's size-limited MemoryCache as IMemoryCache; when it runs before any other IMemoryCache registration, the application's shared cache becomes size-limited.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE071 = Create(
        RuleIds.EntryWithoutSizeOnSizeLimitedCache,
        "Entry without Size on a size-limited MemoryCache",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Error,
        "A MemoryCache with SizeLimit throws InvalidOperationException (\"Cache entry must specify a value for Size when SizeLimit is set\") when an entry without Size is committed: in Set, after a GetOrCreate factory has already run, or when a CreateEntry entry is disposed.");

    /// <summary>CACHE071 on the shared DI <c>IMemoryCache</c> made size-limited by a registration, reported at compilation end: the CompilationEnd twin of <see cref="CACHE071"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE071Registrations = Create(
        RuleIds.EntryWithoutSizeOnSizeLimitedCache,
        "Entry without Size on a size-limited MemoryCache",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Error,
        "The shared DI IMemoryCache is size-limited by a registration in this project, so every entry written to it without Size throws InvalidOperationException when it is committed.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE072 = Create(
        RuleIds.IgnoredRuntimeCachingMemoryLimit,
        "System.Runtime.Caching memory limit that .NET Core ignores",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "On .NET Core and .NET 5+, System.Runtime.Caching.MemoryCache does not enforce cacheMemoryLimitMegabytes (CacheMemoryLimit): the property returns the configured value, but the cache never trims to it, so a cache configured with a limit grows without one. Use Microsoft.Extensions.Caching.Memory.MemoryCache with SizeLimit and sized entries instead.");

    public static readonly DiagnosticDescriptor CACHE075 = Create(
        RuleIds.UnboundedRedisClientCache,
        "Unbounded StackExchange.Redis client-side cache",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "A StackExchange.Redis client-side cache (ConfigurationOptions.ClientCache) without MaxBytes or MaxEntries grows without bound in every application instance, and Broadcast tracking without Prefixes makes the connection hear about every write to every key of the instance. The rule is dormant until a released StackExchange.Redis ships ConfigurationOptions.ClientCache.");

    public static readonly DiagnosticDescriptor CACHE073 = Create(
        RuleIds.CacheStatisticsNotTracked,
        "Cache statistics requested but never tracked / no cache telemetry",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "MemoryCache.GetCurrentStatistics() returns null unless the cache was created with MemoryCacheOptions.TrackStatistics = true, so dashboards and health checks built on it silently see nothing.");

    /// <summary>CACHE073 for the shared DI <c>IMemoryCache</c> and the no-telemetry check (Info), reported at compilation end: the CompilationEnd twin of <see cref="CACHE073"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE073Compilation = Create(
        RuleIds.CacheStatisticsNotTracked,
        "Cache statistics requested but never tracked / no cache telemetry",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "Statistics read from the shared IMemoryCache are null when no registration sets TrackStatistics = true; and an application that registers caches without any observability hook (TrackStatistics, Redis profiling, connection events, OpenTelemetry instrumentation) cannot see hit ratios or outages.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE074 = Create(
        RuleIds.CacheEntryNeverDisposed,
        "ICacheEntry from CreateEntry never disposed (never committed)",
        "{0}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        "IMemoryCache.CreateEntry only adds the entry to the cache when the entry is disposed (and only if its Value was set): an entry that is never disposed is never stored. Use 'using var entry = cache.CreateEntry(key)' or the Set extension methods.");

    // (end of Configuration)

    // Schema (080–089)

    public static readonly DiagnosticDescriptor CACHE080 = Create(
        RuleIds.PlaceholderWithoutParameter,
        "Key template placeholder without a matching parameter",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Error,
        "Every {placeholder} of a [CacheKey] template must name a parameter of the key method (exact, case-sensitive match); otherwise the generator cannot render the key.");

    public static readonly DiagnosticDescriptor CACHE081 = Create(
        RuleIds.ParameterNotInTemplate,
        "Key method parameter not used in the template",
        "Parameter '{0}' of '{1}' does not appear in the template '{2}': keys built with different '{0}' values are the same key",
        RuleCategories.Schema,
        DiagnosticSeverity.Warning,
        "A key-method parameter that the template does not use does not change the key: callers passing different values read and overwrite each other's entries.");

    public static readonly DiagnosticDescriptor CACHE082 = Create(
        RuleIds.UnboundedKeyPart,
        "Key part of an unbounded or volatile domain",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Warning,
        "Key parts should come from small, stable domains (ids, enums, flags, dates). A string without a declared [CacheKeyPart(MaxLength)] bound, a timestamp, a floating-point number, an object or a collection makes keys unbounded, unique per call or unstable, so the cache fills with entries that are never hit again.");

    public static readonly DiagnosticDescriptor CACHE083 = Create(
        RuleIds.InvalidSchemaDuration,
        "Unparsable or non-positive Ttl or MaxStaleness",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Error,
        "Ttl and MaxStaleness are TimeSpan texts in invariant constant format ([d.]hh:mm:ss[.fffffff], e.g. 00:15:00). A text that does not parse, a negative duration or a zero TTL cannot be applied: the generated definition would fail at start-up or the backend rejects the expiry.");

    public static readonly DiagnosticDescriptor CACHE084 = Create(
        RuleIds.MissingSchemaDuration,
        "Key declares no Ttl or no MaxStaleness",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Warning,
        "A schema key without a Ttl is written without expiry by the typed helpers and lives until evicted; a key without MaxStaleness (Info) leaves the team's staleness budget undocumented.");

    public static readonly DiagnosticDescriptor CACHE085 = Create(
        RuleIds.SchemaKeyCollision,
        "Two schema keys can render the same string",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Error,
        "Two key methods whose rendered keys can be equal share entries: one overwrites and reads the other's values (often of a different type). Keys collide when prefix, version and template produce the same text for some argument values.");

    /// <summary>CACHE085 across schema classes, reported at compilation end: the CompilationEnd twin of <see cref="CACHE085"/>.</summary>
    public static readonly DiagnosticDescriptor CACHE085Compilation = Create(
        RuleIds.SchemaKeyCollision,
        "Two schema keys can render the same string",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Error,
        "Key methods of different schema classes with the same prefix and version whose rendered keys can be equal share entries: one overwrites and reads the other's values.",
        true,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE086 = Create(
        RuleIds.TemplateBreaksBackendRule,
        "Key template breaks a backend key rule",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Warning,
        "Memcached's text protocol rejects keys with whitespace or control characters and keys longer than 250 bytes; Redis tools and glob patterns handle such keys badly. A schema template is the one place to keep every key within these rules.");

    public static readonly DiagnosticDescriptor CACHE087 = Create(
        RuleIds.MalformedKeyTemplate,
        "Malformed key template",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Error,
        "A [CacheKey] template must be non-empty, use balanced {placeholder}s that are C# identifiers and appear once, and have no empty ':' segments; the generator cannot render a malformed template.");

    public static readonly DiagnosticDescriptor CACHE088 = Create(
        RuleIds.MalformedSchemaDeclaration,
        "Malformed key-schema declaration",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Error,
        "[CacheKey] methods must be static partial, non-generic, return CacheKey or CacheKey<T>, take by-value parameters and live in a static partial [CacheKeySchema] class; JitterPercent is 0–50, Version is not negative, Prefix has no separator, whitespace, braces or glob characters, and CacheKeyPart.MaxLength is 1–1024. Otherwise the generator skips the key or its definition throws.");

    public static readonly DiagnosticDescriptor CACHE089 = Create(
        RuleIds.SchemaWithoutNamespace,
        "Key schema without prefix or version",
        "{0}",
        RuleCategories.Schema,
        DiagnosticSeverity.Info,
        "A schema Prefix keeps the keys of applications and bounded contexts that share a cache apart, and a Version lets a change of the cached data shape roll out without downtime: bumping it moves every key to a new namespace while old entries expire.");

    // (end of Schema)

    // Inventory (900–909)
    // Facts for the build report, not findings: Info, NotConfigurable, reported only when build_property.CachingArchitectInventory
    // is true (the command-line build that writes TODO_caching-architect.md); see docs/report-inventory.md.

    public static readonly DiagnosticDescriptor CACHE900 = Create(
        RuleIds.CacheOperationInventory,
        "Cache operation (report inventory)",
        "{0}",
        RuleCategories.Inventory,
        DiagnosticSeverity.Info,
        "A cache read, write, read-through, invalidation or admin call, with its technology, key family and TTL: a fact for the build report (TODO_caching-architect.md), reported only when CachingArchitectInventory is true and never shown in the IDE.",
        true,
        WellKnownDiagnosticTags.NotConfigurable);

    public static readonly DiagnosticDescriptor CACHE901 = Create(
        RuleIds.CacheRegistrationInventory,
        "Cache registration (report inventory)",
        "{0}",
        RuleCategories.Inventory,
        DiagnosticSeverity.Info,
        "A cache registration (AddMemoryCache, AddStackExchangeRedisCache, AddHybridCache, AddFusionCache, an IConnectionMultiplexer registration…) with its lifetime and the options found: a fact for the build report, reported only when CachingArchitectInventory is true.",
        true,
        WellKnownDiagnosticTags.NotConfigurable);

    public static readonly DiagnosticDescriptor CACHE902 = Create(
        RuleIds.CachingLibraryInventory,
        "Caching library referenced (report inventory)",
        "{0}",
        RuleCategories.Inventory,
        DiagnosticSeverity.Info,
        "A caching library the project references, with its assembly name and version: a fact for the build report, reported at compilation end only when CachingArchitectInventory is true.",
        true,
        WellKnownDiagnosticTags.NotConfigurable,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CACHE903 = Create(
        RuleIds.HttpCachingInventory,
        "HTTP caching surface (report inventory)",
        "{0}",
        RuleCategories.Inventory,
        DiagnosticSeverity.Info,
        "An endpoint with output caching, [ResponseCache] or a manual Cache-Control write, with its route, mechanism, directives, duration and vary-by: a fact for the build report, reported only when CachingArchitectInventory is true.",
        true,
        WellKnownDiagnosticTags.NotConfigurable);

    public static readonly DiagnosticDescriptor CACHE904 = Create(
        RuleIds.KeySchemaInventory,
        "Key of a key schema (report inventory)",
        "{0}",
        RuleCategories.Inventory,
        DiagnosticSeverity.Info,
        "A [CacheKey] method of a [CacheKeySchema] class, with its family, TTL, jitter, strategy, maximum staleness, justification and value type: a fact for the build report's key-schema table, reported only when CachingArchitectInventory is true.",
        true,
        WellKnownDiagnosticTags.NotConfigurable);

    // (end of Inventory)
}
