using System;
using System.Threading.Tasks;

namespace CachingArchitect.StackExchangeRedis.Tests;

public sealed class VersionBumpTests(RedisServerFixture fixture) : RedisTestBase(fixture)
{
    [Fact]
    public async Task A_version_bump_isolates_the_old_keys()
    {
        for (var id = 0; id < 20; id++)
        {
            await Db.SetAsync(ShopKeys.UserProfile(id), KeyAndTtlTests.Sample(id));
        }

        var oldTtl = Db.KeyTimeToLive("shop:v2:user:3:profile");

        // New code (v3) misses every old entry and writes its own keys.
        for (var id = 0; id < 20; id++)
        {
            Assert.False((await Db.GetAsync(ShopKeysV3.UserProfile(id))).Found);
        }

        var loads = 0;
        var fresh = await Db.GetOrSetAsync(ShopKeysV3.UserProfile(3), () => { loads++; return Task.FromResult(KeyAndTtlTests.Sample(3) with { Name = "v3 name" }); });
        Assert.Equal(1, loads);
        Assert.Equal("v3 name", fresh.Name);
        Assert.Equal("shop:v3:user:3:profile", ShopKeysV3.UserProfile(3).Value);
        Assert.True(Db.KeyExists("shop:v3:user:3:profile"));

        // Old keys are untouched: still there, old value, still expiring on their own.
        Assert.Equal(20, CountKeys("shop:v2:user:*:profile"));
        Assert.Equal("user 3", Db.Get(ShopKeys.UserProfile(3)).Value.Name);
        var ttlNow = Db.KeyTimeToLive("shop:v2:user:3:profile");
        Assert.NotNull(ttlNow);
        Assert.True(ttlNow <= oldTtl);

        // Deleting the new family leaves the old one alone, and the other way round.
        Assert.Equal(1, await RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeysV3.UserProfileDefinition));
        Assert.Equal(20, CountKeys("shop:v2:user:*:profile"));
        Assert.Equal(20, await RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.UserProfileDefinition));
        Assert.Equal(0, CountKeys("shop:*"));
    }
}
