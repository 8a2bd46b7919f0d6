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

    // (end of Consistency)

    // ---------------------------------------------------------------- Resilience

    // (end of Resilience)

    // ---------------------------------------------------------------- Performance

    // (end of Performance)

    // ---------------------------------------------------------------- Security

    // (end of Security)
}
