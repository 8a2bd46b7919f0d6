using StackExchange.Redis;

namespace CachingArchitect.Sample.Services;

/// <summary>Operational helpers that ended up in the web app.</summary>
public sealed class CacheAdmin(IConnectionMultiplexer redis, IConfiguration configuration)
{
    // Mistake (CACHE030): a new ConnectionMultiplexer for every health check, disposed right after: sockets and
    // handshakes on every call, and TIME_WAIT ports piling up under load. Use the registered singleton.
    public TimeSpan Ping()
    {
        using var connection = ConnectionMultiplexer.Connect(configuration.GetConnectionString("Redis") ?? "localhost:6379,abortConnect=false");
        return connection.GetDatabase().Ping();
    }

    // Mistake (CACHE040): SCAN/KEYS over the whole keyspace on a request, to delete by prefix. Redis is single-threaded:
    // every other client waits while it walks millions of keys.
    public int RemoveProductKeys()
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var removed = 0;
        foreach (var key in server.Keys(pattern: "product:*"))
        {
            redis.GetDatabase().KeyDelete(key);
            removed++;
        }

        return removed;
    }
}
