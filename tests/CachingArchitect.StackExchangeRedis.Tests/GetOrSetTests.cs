using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis.Tests;

public sealed class GetOrSetTests(RedisServerFixture fixture) : RedisTestBase(fixture)
{
    [Fact]
    public void GetOrSet_calls_the_factory_once_on_a_miss_and_not_on_a_hit()
    {
        var calls = 0;
        UserProfile Load() { calls++; return KeyAndTtlTests.Sample(42); }

        var first = Db.GetOrSet(ShopKeys.UserProfile(42), Load);
        var second = Db.GetOrSet(ShopKeys.UserProfile(42), Load);

        Assert.Equal(1, calls);
        Assert.Equal(first.Name, second.Name);
        Assert.InRange(Db.KeyTimeToLive("shop:v2:user:42:profile") ?? TimeSpan.Zero, TimeSpan.FromMinutes(13.4), TimeSpan.FromMinutes(16.5));
    }

    [Fact]
    public async Task GetOrSetAsync_calls_the_factory_once_on_a_miss_and_not_on_a_hit()
    {
        var calls = 0;
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;
        async Task<decimal> Load(CancellationToken ct) { seen = ct; calls++; await Task.Yield(); return 19.90m; }

        Assert.Equal(19.90m, await Db.GetOrSetAsync(ShopKeys.ProductPrice(7), Load, cancellationToken: cts.Token));
        Assert.Equal(19.90m, await Db.GetOrSetAsync(ShopKeys.ProductPrice(7), Load, cancellationToken: cts.Token));
        Assert.Equal(1, calls);
        Assert.Equal(cts.Token, seen);
        Assert.InRange((long)Db.Execute("PTTL", "shop:v2:product:7:price"), 29_000, 30_000);

        // The overload whose factory takes no token.
        var noTokenCalls = 0;
        Assert.Equal(1m, await Db.GetOrSetAsync(ShopKeys.ProductPrice(8), async () => { noTokenCalls++; await Task.Yield(); return 1m; }));
        Assert.Equal(1m, await Db.GetOrSetAsync(ShopKeys.ProductPrice(8), () => { noTokenCalls++; return Task.FromResult(2m); }));
        Assert.Equal(1, noTokenCalls);
    }

    [Fact]
    public async Task A_stored_default_is_a_hit()
    {
        Db.Set(ShopKeys.ProductPrice(1), 0m);
        var calls = 0;
        Assert.Equal(0m, await Db.GetOrSetAsync(ShopKeys.ProductPrice(1), () => { calls++; return Task.FromResult(5m); }));
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task A_canceled_token_stops_before_the_factory()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var calls = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Db.GetOrSetAsync(ShopKeys.ProductPrice(1), _ => { calls++; return Task.FromResult(1m); }, cancellationToken: cts.Token));
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Fire_and_forget_applies_to_the_write_only()
    {
        var value = Db.GetOrSet(ShopKeys.ProductPrice(4), () => 4m, CommandFlags.FireAndForget);
        Assert.Equal(4m, value);
        await Db.PingAsync(); // the fire-and-forget SET is ahead of the PING on the same connection
        Assert.Equal(4m, Db.Get(ShopKeys.ProductPrice(4)).Value);
        Assert.Equal(4m, Db.GetOrSet(ShopKeys.ProductPrice(4), () => 99m, CommandFlags.FireAndForget));
    }

    [Fact]
    public void A_null_raw_result_is_returned_but_not_cached()
    {
        Assert.Null(Db.GetOrSet(ShopKeys.Session("none"), () => (string)null!));
        Assert.False(Db.KeyExists("shop:v2:session:none"));
    }

    [Fact]
    public async Task Untyped_keys_work_with_an_explicit_value_type()
    {
        var calls = 0;
        Assert.Equal("hello", await Db.GetOrSetAsync(ShopKeys.Banner(), async ct => { calls++; await Task.Yield(); return "hello"; }));
        Assert.Equal("hello", Db.GetOrSet(ShopKeys.Banner(), () => { calls++; return "other"; }));
        Assert.Equal(1, calls);
        Assert.True(Db.Remove(ShopKeys.Banner()));
    }
}
