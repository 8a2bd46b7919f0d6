using StackExchange.Redis;

namespace CachingArchitect.Sample.Services;

/// <summary>Operational helpers that ended up in the web app.</summary>
public sealed class CacheAdmin(IConnectionMultiplexer redis, IConfiguration configuration, IProductRepository products)
{
    public TimeSpan Ping()
    {
#if FIXED
        return redis.GetDatabase().Ping();
#else
        // Mistake (CACHE030): a new ConnectionMultiplexer for every health check, disposed right after: sockets and
        // handshakes on every call, and TIME_WAIT ports piling up under load. Use the registered singleton.
        using var connection = ConnectionMultiplexer.Connect(configuration.GetConnectionString("Redis") ?? "127.0.0.1:6379,abortConnect=false");
        return connection.GetDatabase().Ping();
#endif
    }

    public int RemoveProductKeys()
    {
#if FIXED
        // The keys are known: delete them by name in one DEL instead of searching the keyspace for them.
        _ = configuration;
        var keys = products.All().Select(p => (RedisKey)$"product:{p.Id}").ToArray();
        return (int)redis.GetDatabase().KeyDelete(keys);
#else
        // Mistake (CACHE040): SCAN/KEYS over the whole keyspace on a request, to delete by prefix. Redis is single-threaded:
        // every other client waits while it walks millions of keys.
        _ = products;
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var removed = 0;
        foreach (var key in server.Keys(pattern: "product:*"))
        {
            redis.GetDatabase().KeyDelete(key);
            removed++;
        }

        return removed;
#endif
    }
}
