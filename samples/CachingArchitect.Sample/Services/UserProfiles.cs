using CachingArchitect.Sample.Caching;
using Microsoft.Extensions.Caching.Memory;

namespace CachingArchitect.Sample.Services;

public sealed record UserProfile(int Id, string DisplayName);

/// <summary>Correct: cache-aside with a key from the ShopKeys schema, which also supplies the TTL (with jitter).</summary>
public sealed class UserProfiles(IMemoryCache cache)
{
    public UserProfile Get(int userId)
    {
        var key = ShopKeys.UserProfile(userId);
        if (cache.TryGetValue(key.Value, out UserProfile? profile) && profile is not null)
        {
            return profile;
        }

        profile = new UserProfile(userId, "user " + userId);
        cache.Set(key.Value, profile, key.NextTimeToLive() ?? TimeSpan.FromMinutes(5));
        return profile;
    }
}
