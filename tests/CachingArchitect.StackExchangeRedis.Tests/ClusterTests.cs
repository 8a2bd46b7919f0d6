using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis.Tests;

/// <summary>
/// A one-node Redis Cluster (all 16,384 slots on one primary) on free ports: enough to exercise the cluster path of the
/// helpers for real — StackExchange.Redis sees <see cref="ServerType.Cluster"/> and the server rejects multi-key commands
/// whose keys span hash slots (CROSSSLOT), which is what the family deletion must avoid.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisProcess? server;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = RedisProcess.FreePort();
        var busPort = RedisProcess.FreePort();
        server = await RedisProcess.StartAsync(port,
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-port", busPort.ToString(),
            "--cluster-announce-ip", "127.0.0.1");

        var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
        await using (admin)
        {
            var node = admin.GetServer($"127.0.0.1:{port}");
            await node.ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            var watch = Stopwatch.StartNew();
            while (!((string?)await node.ExecuteAsync("CLUSTER", "INFO"))!.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(15))
                {
                    throw new InvalidOperationException($"The one-node cluster on port {port} did not reach cluster_state:ok. Output:\n{server.Output}");
                }

                await Task.Delay(50);
            }
        }

        Redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

public sealed class ClusterTests(RedisClusterFixture fixture) : IClassFixture<RedisClusterFixture>
{
    [Fact]
    public async Task DeleteFamilyAsync_deletes_across_hash_slots_in_a_cluster()
    {
        var redis = fixture.Redis;
        var db = redis.GetDatabase();
        Assert.Equal(ServerType.Cluster, redis.GetServers().Single().ServerType);

        for (var id = 0; id < 400; id++)
        {
            await db.SetAsync(ShopKeys.UserProfile(id), KeyAndTtlTests.Sample(id));
        }

        for (var id = 0; id < 50; id++)
        {
            await db.SetAsync(ShopKeys.ProductPrice(id), id);
        }

        // The family's keys spread over many slots, so one multi-key command over a batch would be refused.
        Assert.True(Enumerable.Range(0, 100).Select(id => redis.HashSlot(ShopKeys.UserProfile(id).AsRedisKey())).Distinct().Count() > 50);
        await Assert.ThrowsAnyAsync<Exception>(() => db.ExecuteAsync("UNLINK", ShopKeys.UserProfile(1).AsRedisKey(), ShopKeys.UserProfile(2).AsRedisKey()));

        var deleted = await RedisCacheAdministration.DeleteFamilyAsync(redis, ShopKeys.UserProfileDefinition, batchSize: 100);

        Assert.Equal(400, deleted);
        var server = redis.GetServers().Single();
        Assert.Empty(server.Keys(pattern: "shop:v2:user:*"));
        Assert.Equal(50, server.Keys(pattern: "shop:v2:product:*:price").Count());
        Assert.Equal(50, await RedisCacheAdministration.DeleteFamilyAsync(redis, ShopKeys.ProductPrice(0)));
    }

    [Fact]
    public async Task Helpers_apply_the_ttl_in_a_cluster()
    {
        var db = fixture.Redis.GetDatabase();
        await db.SetAsync(ShopKeys.ProductPrice(1000), 1m);
        Assert.Equal(1m, (await db.GetAsync(ShopKeys.ProductPrice(1000))).Value);
        Assert.InRange(await db.KeyTimeToLiveAsync(ShopKeys.ProductPrice(1000).AsRedisKey()) ?? TimeSpan.Zero, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
        Assert.True(await db.RemoveAsync(ShopKeys.ProductPrice(1000)));
    }
}
