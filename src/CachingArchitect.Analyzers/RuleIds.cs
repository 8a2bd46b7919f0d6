namespace CachingArchitect.Analyzers;

/// <summary>The one catalog of rule IDs. A test checks that every ID is unique and documented.</summary>
internal static class RuleIds
{
    // Expiration (001–009)
    public const string InProcessEntryWithoutExpiration = "CACHE001";
    public const string SlidingWithoutAbsoluteCap = "CACHE002";
    public const string DistributedWriteWithoutExpiration = "CACHE003";
    public const string RedisKeyWithoutTtl = "CACHE004";
    public const string MemcachedItemWithoutExpiration = "CACHE005";
    public const string SynchronizedExpiry = "CACHE006";
    public const string IncoherentDuration = "CACHE007";
    public const string UnboundedDictionaryCache = "CACHE008";
    public const string SelfResurrectingEntry = "CACHE009";

    // Keys (010–015)
    public const string VolatileKey = "CACHE010";
    public const string ExternalInputKey = "CACHE011";
    public const string AmbiguousKeyComposition = "CACHE012";
    public const string KeyWithoutNamespace = "CACHE013";
    public const string KeyRejectedByBackend = "CACHE014";
    public const string GlobPatternOnExactKeyApi = "CACHE015";

    // Consistency (020–025)
    public const string CacheMutatedBeforeDurableWrite = "CACHE020";
    public const string SharedCachedInstanceMutated = "CACHE021";
    public const string CacheAsSystemOfRecord = "CACHE024";
    public const string DeferredQueryCached = "CACHE025";
    public const string MultiNodeL1WithoutInvalidation = "CACHE022";
    public const string DistributedCacheNotDistributed = "CACHE023";
    // (end of Consistency)

    // Resilience (030–035)
    public const string ConnectionMultiplexerPerOperation = "CACHE030";
    public const string FragileRedisConnection = "CACHE031";
    public const string StampedeProneCacheAside = "CACHE032";
    public const string UnsafeRedisLock = "CACHE033";
    public const string PerCallCacheInstance = "CACHE035";
    public const string CacheOutagePropagates = "CACHE034";
    // (end of Resilience)

    // Performance (040–045)
    public const string KeyspaceEnumeration = "CACHE040";
    public const string BlockingCacheIo = "CACHE041";
    public const string RoundTripsInLoop = "CACHE042";
    public const string OversizedValue = "CACHE043";
    public const string HotConstantKey = "CACHE044";
    public const string HybridValueNotReuseSafe = "CACHE045";
    // (end of Performance)

    // Security (050–054)
    public const string PerUserDataUnderSharedKey = "CACHE050";
    public const string UnsafeCacheDeserialization = "CACHE051";
    public const string InsecureCacheConnection = "CACHE052";
    public const string AdminCacheCommand = "CACHE053";
    public const string UnauthenticatedPurgeEndpoint = "CACHE054";
    // (end of Security)

    // HTTP/CDN (060–066)
    public const string CachingMiddlewareOrder = "CACHE062";
    public const string IneffectiveHttpCaching = "CACHE066";
    public const string PersonalizedOutputCache = "CACHE061";
    public const string SharedCacheablePersonalizedResponse = "CACHE060";
    public const string ResponseCacheThrows = "CACHE063";
    public const string MalformedCacheControl = "CACHE064";
    public const string SharedCacheableResponseSetsCookies = "CACHE065";
    // (end of HTTP)

    // Configuration (070–075)
    public const string SizeLimitOnSharedMemoryCache = "CACHE070";
    public const string EntryWithoutSizeOnSizeLimitedCache = "CACHE071";
    public const string IgnoredRuntimeCachingMemoryLimit = "CACHE072";
    public const string UnboundedRedisClientCache = "CACHE075";
    public const string CacheStatisticsNotTracked = "CACHE073";
    public const string CacheEntryNeverDisposed = "CACHE074";
    // (end of Configuration)

    // Schema (080–089)
    public const string PlaceholderWithoutParameter = "CACHE080";
    public const string ParameterNotInTemplate = "CACHE081";
    public const string UnboundedKeyPart = "CACHE082";
    public const string InvalidSchemaDuration = "CACHE083";
    public const string MissingSchemaDuration = "CACHE084";
    public const string SchemaKeyCollision = "CACHE085";
    public const string TemplateBreaksBackendRule = "CACHE086";
    public const string MalformedKeyTemplate = "CACHE087";
    public const string MalformedSchemaDeclaration = "CACHE088";
    public const string SchemaWithoutNamespace = "CACHE089";
    // (end of Schema)

    // Inventory (900–909)
    public const string CacheOperationInventory = "CACHE900";
    public const string CacheRegistrationInventory = "CACHE901";
    public const string CachingLibraryInventory = "CACHE902";
    public const string HttpCachingInventory = "CACHE903";
    public const string KeySchemaInventory = "CACHE904";
    // (end of Inventory)
}
