using System;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis.Tests;

public sealed class KeyAndTtlTests(RedisServerFixture fixture) : RedisTestBase(fixture)
{
    [Fact]
    public void Schema_keys_render_the_documented_names()
    {
        Assert.Equal("shop:v2:user:42:profile", ShopKeys.UserProfile(42).Value);
        Assert.Equal("shop:v2:user:{userId}:profile", ShopKeys.UserProfile(42).Family);
        Assert.Equal("shop:v2:user:*:profile", ShopKeys.UserProfile(42).Pattern);
        Assert.Equal((RedisKey)"shop:v2:user:42:profile", ShopKeys.UserProfile(42).AsRedisKey());
        Assert.Equal((RedisKey)"shop:v2:banner", ShopKeys.Banner().AsRedisKey());
    }

    [Fact]
    public async Task Values_land_under_the_schema_key_names()
    {
        Db.Set(ShopKeys.UserProfile(42), Sample(42));
        Db.Set(ShopKeys.ProductPrice(7), 19.90m);
        await Db.SetAsync(ShopKeys.Session("abc123"), "payload");
        Db.Set(ShopKeys.Banner(), "Spring sale");

        var keys = Fixture.Server.Keys(Fixture.Database, "*").Select(k => k.ToString()).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(["shop:v2:banner", "shop:v2:product:7:price", "shop:v2:session:abc123", "shop:v2:user:42:profile"], keys);
        Assert.Equal("19.90", Db.StringGet("shop:v2:product:7:price").ToString());
    }

    [Fact]
    public async Task Ttl_in_redis_is_within_the_jitter_bounds_and_varies()
    {
        // UserProfile: 15 min ± 10 %.
        var ttl = TimeSpan.FromMinutes(15);
        var ttls = new TimeSpan[60];
        for (var id = 0; id < ttls.Length; id++)
        {
            if (id % 2 == 0)
            {
                Db.Set(ShopKeys.UserProfile(id), Sample(id));
            }
            else
            {
                await Db.SetAsync(ShopKeys.UserProfile(id), Sample(id));
            }
        }

        for (var id = 0; id < ttls.Length; id++)
        {
            ttls[id] = Db.KeyTimeToLive(ShopKeys.UserProfile(id).AsRedisKey()) ?? TimeSpan.Zero;
            Assert.True(ttls[id] > TimeSpan.Zero, $"key {id} has no TTL");
            Assert.InRange(ttls[id], ttl * 0.9 - TimeSpan.FromSeconds(2), ttl * 1.1);
        }

        // 60 uniform draws over ±90 s: they do not all land in the same second.
        Assert.True(ttls.Select(t => (long)t.TotalSeconds).Distinct().Count() > 5, "the TTLs carry no jitter");
    }

    [Fact]
    public async Task Ttl_without_jitter_is_the_declared_ttl()
    {
        Db.Set(ShopKeys.ProductPrice(1), 1m);
        await Db.SetAsync(ShopKeys.ProductPrice(2), 2m);
        foreach (var id in new[] { 1L, 2L })
        {
            var pttl = (long)Db.Execute("PTTL", ShopKeys.ProductPrice(id).AsRedisKey());
            Assert.InRange(pttl, 29_000, 30_000);
        }
    }

    [Fact]
    public void A_key_without_a_declared_ttl_is_written_without_expiry()
    {
        Db.Set(ShopKeys.Banner(), "Spring sale");
        Assert.Null(Db.KeyTimeToLive(ShopKeys.Banner().AsRedisKey()));
        Assert.Equal(-1L, (long)Db.Execute("PTTL", "shop:v2:banner"));
    }

    [Fact]
    public void Every_write_renews_the_ttl()
    {
        Db.StringSet("shop:v2:product:5:price", "1"); // a write without TTL by someone else
        Assert.Null(Db.KeyTimeToLive("shop:v2:product:5:price"));
        Db.Set(ShopKeys.ProductPrice(5), 5m);
        Assert.NotNull(Db.KeyTimeToLive("shop:v2:product:5:price"));
    }

    [Fact]
    public void A_default_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => default(CacheKey).AsRedisKey());
        Assert.Throws<ArgumentException>(() => Db.Set(default(CacheKey<decimal>), 1m));
        Assert.Throws<ArgumentException>(() => Db.Get(default(CacheKey<decimal>)));
    }

    internal static UserProfile Sample(int id) => new(id, $"user {id}", 12.50m + id, ["reader"], new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
}
