using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// The one place that knows library APIs: turns an invocation into a <see cref="CacheOperation"/>.
/// Parameters are matched by name (never by position) and omitted optionals are detected with
/// <see cref="ArgumentKind.DefaultValue"/>, so the StackExchange.Redis 2.x (<c>TimeSpan? expiry, bool keepTtl</c>)
/// and 2.10+/3.x (<c>Expiration expiry, ValueCondition when</c>) overload families are handled alike.
/// </summary>
internal static class CacheOperationRecognizer
{
    private static readonly string[] ExpiryParameterNames =
    {
        "expiry", "options", "createOptions", "absoluteExpiration", "absoluteExpirationRelativeToNow",
        "expirationToken", "policy", "cacheSeconds", "expiresAt", "validFor", "setupAction", "timeSpan",
    };

    private static readonly HashSet<string> RedisReads = new(StringComparer.Ordinal)
    {
        "StringGet", "StringGetWithExpiry", "StringGetRange", "StringLength", "StringGetBit",
        "HashGet", "HashGetAll", "HashExists", "HashScan", "HashKeys", "HashValues", "HashLength", "HashStringLength",
        "ListRange", "ListIndex", "ListLength", "SetMembers", "SetContains", "SetScan", "SetLength", "SetRandomMember",
        "SortedSetRangeByRank", "SortedSetRangeByRankWithScores", "SortedSetRangeByScore", "SortedSetRangeByScoreWithScores",
        "SortedSetRangeByValue", "SortedSetScore", "SortedSetScores", "SortedSetLength", "SortedSetRank", "SortedSetScan",
        "KeyExists", "KeyTimeToLive", "KeyType", "KeyExpireTime", "StreamRead", "StreamReadGroup", "StreamRange", "StreamLength",
    };

    private static readonly HashSet<string> RedisWrites = new(StringComparer.Ordinal)
    {
        "StringSet", "StringSetAndGet", "StringSetRange", "StringGetSet", "StringIncrement", "StringDecrement", "StringAppend",
        "StringGetSetExpiry", "HashSet", "HashIncrement", "HashDecrement", "ListLeftPush", "ListRightPush", "ListInsertAfter",
        "ListInsertBefore", "ListSetByIndex", "SetAdd", "SortedSetAdd", "SortedSetIncrement", "SortedSetDecrement",
        "StreamAdd", "KeyRestore", "KeyCopy", "KeyRename", "KeyPersist",
    };

    private static readonly HashSet<string> RedisInvalidates = new(StringComparer.Ordinal)
    {
        "KeyDelete", "KeyExpire", "HashDelete", "SetRemove", "SortedSetRemove", "SortedSetRemoveRangeByRank",
        "SortedSetRemoveRangeByScore", "ListRemove", "ListLeftPop", "ListRightPop", "ListTrim", "StringGetDelete",
        "SetPop", "SortedSetPop", "StreamDelete", "StreamTrim",
    };

    /// <summary>
    /// Every method name (with and without <c>Async</c>) that some branch of <see cref="Recognize"/> can turn into an operation. Checked
    /// first: a name lookup costs a third of the type lookup, and the 29 rules built on the recognizer ask for every invocation of the
    /// code base. <c>SharedModelCacheTests</c> holds this list to the names in the branches below.
    /// </summary>
    private static readonly HashSet<string> OperationNames = BuildOperationNames();

    private static HashSet<string> BuildOperationNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal)
        {
            // CachingArchitect.StackExchangeRedis helpers and administration
            "Set", "Get", "GetOrSet", "Remove", "DeleteFamily", "DeleteByPattern",
            // IMemoryCache and its extensions
            "TryGetValue", "GetOrCreate", "CreateEntry", "Compact", "Clear",
            // IDistributedCache and its extensions
            "SetString", "GetString", "TryGet", "Refresh",
            // IServer
            "Keys", "FlushDatabase", "FlushAllDatabases", "ConfigSet", "Shutdown",
            // HybridCache and FusionCache
            "RemoveByTag", "GetOrDefault", "Expire",
            // Memcached
            "Add", "Replace", "Store", "Cas", "Append", "Prepend", "Increment", "Decrement", "Touch", "GetValue", "ExecuteGet", "GetWithCas",
            "TryGetWithCas", "GetValueOrCreate", "FlushAll",
            // System.Runtime.Caching
            "AddOrGetExisting", "GetCacheItem", "Contains", "GetValues", "Trim",
            // IOutputCacheStore
            "EvictByTag",
        };
        names.UnionWith(RedisReads);
        names.UnionWith(RedisWrites);
        names.UnionWith(RedisInvalidates);
        foreach (var name in new List<string>(names))
        {
            names.Add(name + "Async");
        }

        return names;
    }

    /// <summary>True when <paramref name="name"/> (a method name, with or without <c>Async</c>) may name a cache operation.</summary>
    internal static bool IsOperationName(string name) => OperationNames.Contains(name);

    /// <summary>Recognizes <paramref name="invocation"/>, or returns null when it is not a cache operation.</summary>
    public static CacheOperation? Recognize(IInvocationOperation invocation, CacheSymbols symbols)
    {
        // Cheapest test first: most invocations of a code base have names no cache API uses.
        if (!OperationNames.Contains(invocation.TargetMethod.Name))
        {
            return null;
        }

        var method = invocation.GetOriginalMethod();
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        // Most invocations of a code base (LINQ, StringBuilder, loggers…) are on types unrelated to any cache API: one
        // cached answer per type per compilation (CacheSymbols.GetRoles) instead of interface walks on every call, for every rule.
        var roles = symbols.GetRoles(type);
        if ((roles & CacheTypeRoles.OperationTypes) == 0)
        {
            return null;
        }

        // A call on a cache type is recognized once and the (immutable) result shared by every rule that asks: the analyzer driver
        // hands all analyzers the same operation tree of a body.
        if (symbols.Recognized.TryGetValue(invocation, out var known))
        {
            return known.Operation;
        }

        // Two rules racing on the same call both recognize it; every rule gets the one answer that was stored.
        var recognized = RecognizeCacheCall(invocation, method, type, roles, symbols);
        return symbols.Recognized.GetValue(invocation, _ => new CacheSymbols.Recognition(recognized)).Operation;
    }

    private static CacheOperation? RecognizeCacheCall(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, CacheTypeRoles roles, CacheSymbols symbols)
    {
        var name = StripAsync(method.Name);

        // Extension classes first: their containing type is exact.
        if ((roles & CacheTypeRoles.CacheKeyRedisExtensions) != 0)
        {
            return SchemaKeyRedis(invocation, method, name, symbols);
        }

        if ((roles & CacheTypeRoles.RedisCacheAdministration) != 0)
        {
            return name is "DeleteFamily" or "DeleteByPattern"
                ? new CacheOperation(invocation, method, CacheTechnology.Redis, CacheOperationKind.Admin) { KeyArgument = FirstSchemaKeyArgument(invocation, symbols) }
                : null;
        }

        if ((roles & CacheTypeRoles.MemoryCacheExtensions) != 0)
        {
            return MemoryExtension(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.DistributedCacheExtensions) != 0)
        {
            return DistributedExtension(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.FusionCacheExtMethods) != 0)
        {
            // Same vocabulary and parameter names as IFusionCache's own members, plus the TimeSpan 'duration' overloads.
            return Fusion(invocation, method, name);
        }

        if ((roles & (CacheTypeRoles.MemoryCache | CacheTypeRoles.MemoryCacheImpl)) != 0)
        {
            return MemoryCacheInstance(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.DistributedCache) != 0 && !IsOwnMemberOfMemcachedClient(type, roles, method, symbols))
        {
            return DistributedInstance(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.RedisDatabaseAsync) != 0)
        {
            return Redis(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.RedisServer) != 0)
        {
            return name is "Keys" or "FlushDatabase" or "FlushAllDatabases" or "ConfigSet" or "Shutdown"
                ? new CacheOperation(invocation, method, CacheTechnology.Redis, CacheOperationKind.Admin)
                : null;
        }

        if ((roles & CacheTypeRoles.HybridCache) != 0)
        {
            return Hybrid(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.FusionCache) != 0)
        {
            return Fusion(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.MemcachedClient) != 0)
        {
            return Memcached(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.ObjectCache) != 0)
        {
            return RuntimeCaching(invocation, method, name);
        }

        if ((roles & CacheTypeRoles.OutputCacheStore) != 0)
        {
            return name switch
            {
                "EvictByTag" => Create(invocation, method, CacheTechnology.OutputCache, CacheOperationKind.Invalidate, key: "tag"),
                "Set" => Create(invocation, method, CacheTechnology.OutputCache, CacheOperationKind.Write, key: "key", value: "value", expiry: "validFor"),
                "Get" => Create(invocation, method, CacheTechnology.OutputCache, CacheOperationKind.Read, key: "key"),
                _ => null,
            };
        }

        return null;
    }

    /// <summary>
    /// The typed helpers of CachingArchitect.StackExchangeRedis (<c>CacheKeyRedisExtensions</c>) on <c>IDatabase</c>/<c>IDatabaseAsync</c>:
    /// the key is the first <c>CacheKey</c>/<c>CacheKey&lt;T&gt;</c> argument, and writes apply the key's declared TTL (with jitter) as
    /// an absolute-from-now expiry, which <see cref="ExpirySourceKind.KeyDefinition"/> records.
    /// </summary>
    private static CacheOperation? SchemaKeyRedis(IInvocationOperation invocation, IMethodSymbol method, string name, CacheSymbols symbols)
    {
        var kind = name switch
        {
            "Set" => CacheOperationKind.Write,
            "Get" => CacheOperationKind.Read,
            "GetOrSet" => CacheOperationKind.ReadThrough,
            "Remove" => CacheOperationKind.Invalidate,
            _ => (CacheOperationKind?)null,
        };

        var key = FirstSchemaKeyArgument(invocation, symbols);
        if (kind is null || key is null)
        {
            return null;
        }

        IArgumentOperation? factory = null;
        if (kind == CacheOperationKind.ReadThrough)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind == TypeKind.Delegate)
                {
                    factory = argument;
                    break;
                }
            }
        }

        return new CacheOperation(invocation, method, CacheTechnology.Redis, kind.Value)
        {
            KeyArgument = key,
            ValueArgument = kind == CacheOperationKind.Write ? invocation.GetArgument("value") : null,
            FactoryArgument = factory,
            ExpirySource = kind is CacheOperationKind.Write or CacheOperationKind.ReadThrough ? ExpirySourceKind.KeyDefinition : ExpirySourceKind.NotApplicable,
        };
    }

    private static IArgumentOperation? FirstSchemaKeyArgument(IInvocationOperation invocation, CacheSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (symbols.IsSchemaKeyType(argument.Parameter?.Type))
            {
                return argument;
            }
        }

        return null;
    }

    private static CacheOperation? MemoryExtension(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "Set" => Create(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.Write, key: "key", value: "value"),
        "Get" or "TryGetValue" => Create(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.Read, key: "key"),
        "GetOrCreate" => Create(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.ReadThrough, key: "key", factory: "factory"),
        _ => null,
    };

    private static CacheOperation? MemoryCacheInstance(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "CreateEntry" => new CacheOperation(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.Write)
        {
            KeyArgument = invocation.GetArgument("key"),
            ExpirySource = ExpirySourceKind.Entry,
        },
        "TryGetValue" => Create(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.Read, key: "key"),
        "Remove" => Create(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.Invalidate, key: "key"),
        "Compact" or "Clear" => new CacheOperation(invocation, method, CacheTechnology.MemoryCache, CacheOperationKind.Admin),
        _ => null,
    };

    private static CacheOperation? DistributedExtension(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "Set" or "SetString" => Create(invocation, method, CacheTechnology.DistributedCache, CacheOperationKind.Write, key: "key", value: "value"),
        "GetString" => Create(invocation, method, CacheTechnology.DistributedCache, CacheOperationKind.Read, key: "key"),
        _ => null,
    };

    private static CacheOperation? DistributedInstance(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "Set" => Create(invocation, method, CacheTechnology.DistributedCache, CacheOperationKind.Write, key: "key", value: "value"),
        "Get" or "TryGet" or "Refresh" => Create(invocation, method, CacheTechnology.DistributedCache, CacheOperationKind.Read, key: "key"),
        "Remove" => Create(invocation, method, CacheTechnology.DistributedCache, CacheOperationKind.Invalidate, key: "key"),
        _ => null,
    };

    private static CacheOperation? Redis(IInvocationOperation invocation, IMethodSymbol method, string name)
    {
        CacheOperationKind kind;
        if (RedisWrites.Contains(name))
        {
            kind = CacheOperationKind.Write;
        }
        else if (RedisReads.Contains(name))
        {
            kind = CacheOperationKind.Read;
        }
        else if (RedisInvalidates.Contains(name))
        {
            kind = CacheOperationKind.Invalidate;
        }
        else
        {
            return null;
        }

        var keyArgument = invocation.GetArgument("key");
        var multi = false;
        if (keyArgument is null)
        {
            keyArgument = invocation.GetArgument("keys") ?? invocation.GetArgument("values");
            multi = keyArgument is not null;
        }

        var expiry = invocation.GetArgument("expiry");
        return new CacheOperation(invocation, method, CacheTechnology.Redis, kind)
        {
            KeyArgument = keyArgument,
            IsMultiKey = multi,
            ValueArgument = multi ? null : invocation.GetArgument("value") ?? invocation.GetArgument("hashFields") ?? invocation.GetArgument("values"),
            ExpiryArgument = expiry,
            ConditionArgument = invocation.GetArgument("when"),
            ExpirySource = kind != CacheOperationKind.Write ? ExpirySourceKind.NotApplicable
                : expiry is null ? ExpirySourceKind.NoneInOverload
                : expiry.IsExplicit() ? ExpirySourceKind.Argument : ExpirySourceKind.OmittedOptional,
        };
    }

    private static CacheOperation? Hybrid(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "GetOrCreate" => Create(invocation, method, CacheTechnology.HybridCache, CacheOperationKind.ReadThrough, key: "key", factory: "factory", tags: "tags"),
        "Set" => Create(invocation, method, CacheTechnology.HybridCache, CacheOperationKind.Write, key: "key", value: "value", tags: "tags"),
        "Remove" => Create(invocation, method, CacheTechnology.HybridCache, CacheOperationKind.Invalidate, key: invocation.GetArgument("key") is null ? "keys" : "key"),
        "RemoveByTag" => Create(invocation, method, CacheTechnology.HybridCache, CacheOperationKind.Invalidate, key: invocation.GetArgument("tag") is null ? "tags" : "tag"),
        _ => null,
    };

    private static CacheOperation? Fusion(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "GetOrSet" => Create(invocation, method, CacheTechnology.FusionCache, CacheOperationKind.ReadThrough, key: "key", factory: "factory", tags: "tags", expiry: FusionDuration(invocation)),
        "Set" => Create(invocation, method, CacheTechnology.FusionCache, CacheOperationKind.Write, key: "key", value: "value", tags: "tags", expiry: FusionDuration(invocation)),
        "TryGet" or "GetOrDefault" => Create(invocation, method, CacheTechnology.FusionCache, CacheOperationKind.Read, key: "key"),
        "Remove" or "Expire" => Create(invocation, method, CacheTechnology.FusionCache, CacheOperationKind.Invalidate, key: "key"),
        "RemoveByTag" => Create(invocation, method, CacheTechnology.FusionCache, CacheOperationKind.Invalidate, key: invocation.GetArgument("tag") is null ? "tags" : "tag"),
        "Clear" => new CacheOperation(invocation, method, CacheTechnology.FusionCache, CacheOperationKind.Admin),
        _ => null,
    };

    /// <summary>"duration" for FusionCache's <c>TimeSpan duration</c> extension overloads; otherwise null (options/setupAction by the usual names).</summary>
    private static string? FusionDuration(IInvocationOperation invocation) =>
        invocation.GetArgument("duration") is null ? null : "duration";

    private static CacheOperation? Memcached(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "Add" or "Set" or "Replace" or "Store" or "Cas" or "Append" or "Prepend" or "Increment" or "Decrement" or "Touch" =>
            Create(invocation, method, CacheTechnology.Memcached, CacheOperationKind.Write, key: "key", value: "value"),
        "Get" or "TryGet" or "GetValue" or "ExecuteGet" or "GetWithCas" or "TryGetWithCas" =>
            Create(invocation, method, CacheTechnology.Memcached, CacheOperationKind.Read, key: "key"),
        "GetValueOrCreate" => Create(invocation, method, CacheTechnology.Memcached, CacheOperationKind.ReadThrough, key: "key", factory: "generator"),
        "Remove" => Create(invocation, method, CacheTechnology.Memcached, CacheOperationKind.Invalidate, key: "key"),
        "FlushAll" => new CacheOperation(invocation, method, CacheTechnology.Memcached, CacheOperationKind.Admin),
        _ => null,
    };

    private static CacheOperation? RuntimeCaching(IInvocationOperation invocation, IMethodSymbol method, string name) => name switch
    {
        "Add" or "Set" or "AddOrGetExisting" => Create(invocation, method, CacheTechnology.RuntimeCaching, CacheOperationKind.Write,
            key: invocation.GetArgument("key") is null ? "item" : "key", value: "value"),
        "Get" or "GetCacheItem" or "Contains" => Create(invocation, method, CacheTechnology.RuntimeCaching, CacheOperationKind.Read, key: "key"),
        "GetValues" => Create(invocation, method, CacheTechnology.RuntimeCaching, CacheOperationKind.Read, key: "keys"),
        "Remove" => Create(invocation, method, CacheTechnology.RuntimeCaching, CacheOperationKind.Invalidate, key: "key"),
        "Trim" => new CacheOperation(invocation, method, CacheTechnology.RuntimeCaching, CacheOperationKind.Admin),
        _ => null,
    };

    /// <summary>Builds an operation, finding key/value/factory/tags by parameter name and the expiry by the known expiry parameter names.</summary>
    private static CacheOperation Create(
        IInvocationOperation invocation,
        IMethodSymbol method,
        CacheTechnology technology,
        CacheOperationKind kind,
        string? key = null,
        string? value = null,
        string? factory = null,
        string? tags = null,
        string? expiry = null)
    {
        var keyArgument = key is null ? null : invocation.GetArgument(key);
        var expiryArgument = expiry is not null ? invocation.GetArgument(expiry) : FindExpiryArgument(invocation);
        var factoryArgument = factory is null ? null : invocation.GetArgument(factory);

        ExpirySourceKind source;
        if (kind is not (CacheOperationKind.Write or CacheOperationKind.ReadThrough))
        {
            source = ExpirySourceKind.NotApplicable;
        }
        else if (expiryArgument is not null && expiryArgument.IsExplicit())
        {
            source = ExpirySourceKind.Argument;
        }
        else if (factoryArgument is not null && technology == CacheTechnology.MemoryCache)
        {
            // IMemoryCache.GetOrCreate: the factory configures its ICacheEntry.
            source = ExpirySourceKind.Factory;
        }
        else if (expiryArgument is not null)
        {
            source = ExpirySourceKind.OmittedOptional;
        }
        else
        {
            source = ExpirySourceKind.NoneInOverload;
        }

        var keyType = keyArgument?.Parameter?.Type;
        var multi = keyArgument is not null && keyType is not null && keyType.SpecialType != SpecialType.System_String &&
                    keyType.SpecialType != SpecialType.System_Object && keyType is IArrayTypeSymbol or INamedTypeSymbol { IsGenericType: true };

        return new CacheOperation(invocation, method, technology, kind)
        {
            KeyArgument = keyArgument,
            IsMultiKey = multi,
            ValueArgument = value is null ? null : invocation.GetArgument(value),
            FactoryArgument = factoryArgument,
            TagsArgument = tags is null ? null : invocation.GetArgument(tags),
            ExpiryArgument = expiryArgument,
            ExpirySource = source,
        };
    }

    private static IArgumentOperation? FindExpiryArgument(IInvocationOperation invocation)
    {
        foreach (var name in ExpiryParameterNames)
        {
            var argument = invocation.GetArgument(name);
            if (argument is not null)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// EnyimMemcachedCore's <c>MemcachedClient</c> implements <c>IDistributedCache</c> (explicitly) next to its own API:
    /// a call on the class is a Memcached call unless the method implements an <c>IDistributedCache</c> member.
    /// </summary>
    private static bool IsOwnMemberOfMemcachedClient(INamedTypeSymbol type, CacheTypeRoles roles, IMethodSymbol method, CacheSymbols symbols)
    {
        if (type.TypeKind == TypeKind.Interface || symbols.DistributedCache is null || (roles & CacheTypeRoles.MemcachedClient) == 0)
        {
            return false;
        }

        foreach (var member in symbols.DistributedCache.GetMembers(method.Name))
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The method name without a trailing <c>Async</c>.</summary>
    internal static string StripAsync(string name) =>
        name.EndsWith("Async", StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name;
}
