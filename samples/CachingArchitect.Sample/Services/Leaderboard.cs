using StackExchange.Redis;

namespace CachingArchitect.Sample.Services;

/// <summary>StackExchange.Redis used directly.</summary>
public sealed class Leaderboard(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan ScoreTtl = TimeSpan.FromHours(24);

    private IDatabase Db => redis.GetDatabase();

    // Correct: the TTL is set atomically with the value.
    public void RecordScore(int playerId, int score)
    {
        Db.StringSet($"score:{playerId}", score, ScoreTtl);
        Db.SortedSetAdd("leaderboard:daily", playerId, score);
    }

    public void RememberPlayerName(int playerId, string name)
    {
#if FIXED
        Db.StringSet($"player:{playerId}:name", name, ScoreTtl);
#else
        // Mistake (CACHE004): StringSet without expiry; the key never expires.
        Db.StringSet($"player:{playerId}:name", name);
#endif
    }

    public async Task CacheProfileAsync(int playerId, string profileJson)
    {
        var key = $"player:{playerId}:profile";
#if FIXED
        await Db.StringSetAsync(key, profileJson, TimeSpan.FromMinutes(30));
#else
        // Mistake (CACHE004): TTL set by a separate KeyExpire; if the process dies between the two calls the key
        // lives forever, and the SET has already discarded the previous TTL.
        await Db.StringSetAsync(key, profileJson);
        await Db.KeyExpireAsync(key, TimeSpan.FromMinutes(30));
#endif
    }

    // Correct: read-through with a TTL on the write.
    public async Task<string?> GetBadgeAsync(int playerId, Func<Task<string>> load)
    {
        var key = $"player:{playerId}:badge";
        var cached = await Db.StringGetAsync(key);
        if (cached.HasValue)
        {
            return cached;
        }

        var badge = await load();
        await Db.StringSetAsync(key, badge, TimeSpan.FromMinutes(15));
        return badge;
    }

    public async Task<long> GetRankAsync(int playerId)
    {
#if FIXED
        var name = await Db.StringGetAsync($"player:{playerId}:name");
#else
        // Mistake (CACHE041): the synchronous StringGet inside an async method holds a thread-pool thread for the
        // whole round trip; under load the pool starves and the symptoms look like Redis timeouts.
        var name = Db.StringGet($"player:{playerId}:name");
#endif
        var rank = await Db.SortedSetRankAsync("leaderboard:daily", playerId, Order.Descending);
        return name.HasValue ? rank ?? -1 : -1;
    }
}
