using CachingArchitect.Sample.Caching;
using CachingArchitect.StackExchangeRedis;
using StackExchange.Redis;

namespace CachingArchitect.Sample.Services;

public sealed record UserProfile(int Id, string DisplayName);

/// <summary>
/// Correct: cache-aside in Redis with a key from the ShopKeys schema (shop:v2:user:{userId}:profile). The schema supplies
/// the TTL (15 min ± 10 % jitter) and GetOrSetAsync of CachingArchitect.StackExchangeRedis applies it on every write.
/// </summary>
public sealed class UserProfiles(IConnectionMultiplexer redis)
{
    public Task<UserProfile> GetAsync(int userId, CancellationToken ct) =>
        redis.GetDatabase().GetOrSetAsync(ShopKeys.UserProfile(userId), LoadAsync(userId), cancellationToken: ct);

    private static Func<CancellationToken, Task<UserProfile>> LoadAsync(int userId) =>
        _ => Task.FromResult(new UserProfile(userId, "user " + userId));
}
