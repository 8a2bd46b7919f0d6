using System;
using System.Globalization;

namespace CachingArchitect.StackExchangeRedis.Tests;

public sealed record UserProfile(int Id, string Name, decimal Balance, string[] Roles, DateTimeOffset Since);

/// <summary>
/// Hand-written stand-in for what the key-schema generator emits for
/// <c>[CacheKeySchema(Prefix = "shop", Version = 2)] static partial class ShopKeys</c>: one static
/// <see cref="CacheKeyDefinition"/> per key method and builders that render <c>{prefix}:v{version}:{template}</c>.
/// </summary>
public static class ShopKeys
{
    public static readonly CacheKeyDefinition UserProfileDefinition = Definitions.UserProfile(version: 2);
    public static readonly CacheKeyDefinition ProductPriceDefinition = Definitions.ProductPrice(version: 2);
    public static readonly CacheKeyDefinition SessionDefinition = Definitions.Session(version: 2);
    public static readonly CacheKeyDefinition AvatarDefinition = Definitions.Avatar(version: 2);
    public static readonly CacheKeyDefinition BannerDefinition = Definitions.Banner(version: 2);

    public static readonly CacheSchema Schema = new("ShopKeys", "shop", 2,
        [UserProfileDefinition, ProductPriceDefinition, SessionDefinition, AvatarDefinition, BannerDefinition]);

    /// <summary><c>[CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10, MaxStaleness = "00:01:00")]</c></summary>
    public static CacheKey<UserProfile> UserProfile(int userId)
        => new(string.Concat("shop:v2:user:", userId.ToString(CultureInfo.InvariantCulture), ":profile"), UserProfileDefinition);

    /// <summary><c>[CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]</c> (no jitter)</summary>
    public static CacheKey<decimal> ProductPrice(long productId)
        => new(string.Concat("shop:v2:product:", productId.ToString(CultureInfo.InvariantCulture), ":price"), ProductPriceDefinition);

    /// <summary><c>[CacheKey("session:{token}", Ttl = "00:20:00", JitterPercent = 5)]</c> with <c>[CacheKeyPart(MaxLength = 64)] string token</c>; raw string value.</summary>
    public static CacheKey<string> Session(string token)
        => new(string.Concat("shop:v2:session:", CacheKeyParts.Check(token, 64, nameof(token))), SessionDefinition);

    /// <summary><c>[CacheKey("user:{userId}:avatar", Ttl = "01:00:00")]</c>; raw bytes.</summary>
    public static CacheKey<byte[]> Avatar(int userId)
        => new(string.Concat("shop:v2:user:", userId.ToString(CultureInfo.InvariantCulture), ":avatar"), AvatarDefinition);

    /// <summary><c>[CacheKey("banner")]</c>: untyped and without a TTL (CACHE084 would warn).</summary>
    public static CacheKey Banner() => new("shop:v2:banner", BannerDefinition);
}

/// <summary>The same schema after a version bump to 3: every key moves to <c>shop:v3:…</c>.</summary>
public static class ShopKeysV3
{
    public static readonly CacheKeyDefinition UserProfileDefinition = Definitions.UserProfile(version: 3);

    public static CacheKey<UserProfile> UserProfile(int userId)
        => new(string.Concat("shop:v3:user:", userId.ToString(CultureInfo.InvariantCulture), ":profile"), UserProfileDefinition);
}

internal static class Definitions
{
    public static CacheKeyDefinition UserProfile(int version) => new(
        "UserProfile", "shop", version, "user:{userId}:profile", TimeSpan.FromMinutes(15), 10, CacheStrategy.CacheAside,
        TimeSpan.FromMinutes(1), "Profile edits are rare; one minute of staleness is acceptable.", ["userId"], typeof(UserProfile));

    public static CacheKeyDefinition ProductPrice(int version) => new(
        "ProductPrice", "shop", version, "product:{productId}:price", TimeSpan.FromSeconds(30), 0, CacheStrategy.EventDriven,
        null, null, ["productId"], typeof(decimal));

    public static CacheKeyDefinition Session(int version) => new(
        "Session", "shop", version, "session:{token}", TimeSpan.FromMinutes(20), 5, CacheStrategy.CacheAside,
        null, null, ["token"], typeof(string));

    public static CacheKeyDefinition Avatar(int version) => new(
        "Avatar", "shop", version, "user:{userId}:avatar", TimeSpan.FromHours(1), 0, CacheStrategy.CacheAside,
        null, null, ["userId"], typeof(byte[]));

    public static CacheKeyDefinition Banner(int version) => new(
        "Banner", "shop", version, "banner", null, 0, CacheStrategy.CacheAside, null, null, [], null);
}
