using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis.Tests;

public sealed class AdministrationTests(RedisServerFixture fixture) : RedisTestBase(fixture)
{
    private const int FamilySize = 1_000;

    [Fact]
    public async Task DeleteFamilyAsync_removes_exactly_the_family_in_batches()
    {
        await SeedAsync();
        var before = await Fixture.Server.DatabaseSizeAsync(Fixture.Database);
        Assert.Equal(FamilySize, CountKeys("shop:v2:user:*:profile"));

        var deleted = await RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.UserProfileDefinition, batchSize: 250);

        Assert.Equal(FamilySize, deleted);
        Assert.Equal(0, CountKeys("shop:v2:user:*:profile"));
        Assert.Equal(before - FamilySize, await Fixture.Server.DatabaseSizeAsync(Fixture.Database));
        AssertOthersUntouched();

        // Nothing left: a second run deletes nothing.
        Assert.Equal(0, await RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.UserProfileDefinition));
    }

    [Fact]
    public async Task DeleteFamilyAsync_accepts_a_key_of_the_family_and_an_odd_batch_size()
    {
        await SeedAsync();
        var deleted = await RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.ProductPrice(1), batchSize: 7);
        Assert.Equal(300, deleted);
        Assert.Equal(0, CountKeys("shop:v2:product:*:price"));
        Assert.Equal(FamilySize, CountKeys("shop:v2:user:*:profile"));
    }

    [Fact]
    public async Task DeleteByPatternAsync_removes_an_old_version_after_a_bump()
    {
        await SeedAsync();
        var v3 = CountKeys("shop:v3:*");
        var deleted = await RedisCacheAdministration.DeleteByPatternAsync(Redis, "shop:v2:*", batchSize: 500);
        Assert.Equal(FamilySize + 300 + 2, deleted); // profiles, prices and the two near-misses under shop:v2:
        Assert.Equal(0, CountKeys("shop:v2:*"));
        Assert.Equal(v3, CountKeys("shop:v3:*"));
        Assert.Equal(3, CountKeys("other:*"));
    }

    [Fact]
    public async Task DeleteFamilyAsync_honours_the_database_argument()
    {
        var otherDb = Fixture.Database == 10 ? 11 : 10;
        var other = Redis.GetDatabase(otherDb);
        await other.KeyDeleteAsync(Enumerable.Range(0, 5).Select(i => (RedisKey)ShopKeys.UserProfile(i).Value).ToArray());
        for (var id = 0; id < 5; id++)
        {
            await other.SetAsync(ShopKeys.UserProfile(id), KeyAndTtlTests.Sample(id));
            await Db.SetAsync(ShopKeys.UserProfile(id), KeyAndTtlTests.Sample(id));
        }

        Assert.Equal(5, await RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.UserProfileDefinition, database: otherDb));
        Assert.Equal(5, CountKeys("shop:v2:user:*:profile")); // the default (test) database is untouched
        Assert.False(await other.KeyExistsAsync(ShopKeys.UserProfile(0).AsRedisKey()));
    }

    [Fact]
    public async Task Unsafe_arguments_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RedisCacheAdministration.DeleteByPatternAsync(Redis, "*"));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisCacheAdministration.DeleteByPatternAsync(Redis, "?hop:*"));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisCacheAdministration.DeleteByPatternAsync(Redis, ""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.UserProfileDefinition, batchSize: 0));
        await Assert.ThrowsAsync<ArgumentException>(() => RedisCacheAdministration.DeleteFamilyAsync(Redis, default(CacheKey)));

        // A family without prefix, version or literal text would match every key.
        var bare = new CacheKeyDefinition("Any", null, 0, "{id}", TimeSpan.FromMinutes(1), 0, CacheStrategy.CacheAside, null, null, ["id"], null);
        await Assert.ThrowsAsync<ArgumentException>(() => RedisCacheAdministration.DeleteFamilyAsync(Redis, bare));

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RedisCacheAdministration.DeleteFamilyAsync(Redis, ShopKeys.UserProfileDefinition, cancellationToken: cts.Token));
    }

    /// <summary>1,000 profiles (v2), 300 prices (v2), 200 profiles (v3), near-miss keys and unrelated keys.</summary>
    private async Task SeedAsync()
    {
        var batch = Db.CreateBatch();
        var writes = new System.Collections.Generic.List<Task>();
        for (var id = 0; id < FamilySize; id++)
        {
            writes.Add(batch.SetAsync(ShopKeys.UserProfile(id), KeyAndTtlTests.Sample(id)));
        }

        for (var id = 0; id < 300; id++)
        {
            writes.Add(batch.SetAsync(ShopKeys.ProductPrice(id), id + 0.5m));
        }

        for (var id = 0; id < 200; id++)
        {
            writes.Add(batch.SetAsync(ShopKeysV3.UserProfile(id), KeyAndTtlTests.Sample(id)));
        }

        writes.Add(batch.StringSetAsync("shop:v2:user:7:profile:draft", "near miss"));
        writes.Add(batch.StringSetAsync("shop:v2:user:7:settings", "near miss"));
        writes.Add(batch.StringSetAsync("other:user:7:profile", "unrelated"));
        writes.Add(batch.StringSetAsync("other:shop:v2:user:7:profile", "unrelated"));
        writes.Add(batch.StringSetAsync("other:x", "unrelated"));
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private void AssertOthersUntouched()
    {
        Assert.Equal(300, CountKeys("shop:v2:product:*:price"));
        Assert.Equal(200, CountKeys("shop:v3:user:*:profile"));
        Assert.True(Db.KeyExists("shop:v2:user:7:profile:draft"));
        Assert.True(Db.KeyExists("shop:v2:user:7:settings"));
        Assert.Equal(3, CountKeys("other:*"));
    }
}
