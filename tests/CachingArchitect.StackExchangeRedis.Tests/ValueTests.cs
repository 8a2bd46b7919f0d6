using System;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace CachingArchitect.StackExchangeRedis.Tests;

public sealed class ValueTests(RedisServerFixture fixture) : RedisTestBase(fixture)
{
    [Fact]
    public async Task Records_and_decimals_round_trip()
    {
        var profile = new UserProfile(42, "Ada", 1234567890.123456789m, ["admin", "reader"], new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)));
        Db.Set(ShopKeys.UserProfile(42), profile);
        var read = Db.Get(ShopKeys.UserProfile(42));
        Assert.True(read.Found);
        Assert.Equal(profile with { Roles = read.Value.Roles }, read.Value);
        Assert.Equal(profile.Roles, read.Value.Roles);

        await Db.SetAsync(ShopKeys.ProductPrice(7), 19.90m);
        var price = await Db.GetAsync(ShopKeys.ProductPrice(7));
        Assert.Equal(19.90m, price.Value);
        Assert.Equal("19.90", price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)); // scale kept

        // Stored as UTF-8 JSON (web defaults: camelCase).
        Assert.StartsWith("{\"id\":42,\"name\":\"Ada\"", Db.StringGet("shop:v2:user:42:profile").ToString());
    }

    [Fact]
    public async Task A_miss_is_told_apart_from_a_stored_default()
    {
        var miss = Db.Get(ShopKeys.ProductPrice(1));
        Assert.False(miss.Found);
        Assert.Equal(CacheLookup<decimal>.Miss, miss);
        Assert.Throws<InvalidOperationException>(() => miss.Value);
        Assert.Equal(0m, miss.GetValueOrDefault());
        Assert.Equal(-1m, miss.GetValueOrDefault(-1m));
        Assert.False(miss.TryGetValue(out _));

        Db.Set(ShopKeys.ProductPrice(1), 0m);
        var hit = await Db.GetAsync(ShopKeys.ProductPrice(1));
        Assert.True(hit.Found);
        Assert.Equal(0m, hit.Value);
        Assert.Equal(CacheLookup<decimal>.Hit(0m), hit);
        var (found, value) = hit;
        Assert.True(found);
        Assert.Equal(0m, value);

        // A null reference value is a stored value too (JSON null), not a miss.
        Db.Set<UserProfile?>(ShopKeys.Banner(), null);
        var nullHit = Db.Get<UserProfile?>(ShopKeys.Banner());
        Assert.True(nullHit.Found);
        Assert.Null(nullHit.Value);
    }

    [Fact]
    public async Task Raw_strings_are_stored_as_they_are()
    {
        Db.Set(ShopKeys.Session("abc"), "plain \"text\" – not JSON");
        Assert.Equal("plain \"text\" – not JSON", Db.StringGet("shop:v2:session:abc").ToString());
        Assert.Equal("plain \"text\" – not JSON", Db.Get(ShopKeys.Session("abc")).Value);

        await Db.SetAsync(ShopKeys.Session("empty"), "");
        var empty = await Db.GetAsync(ShopKeys.Session("empty"));
        Assert.True(empty.Found);
        Assert.Equal("", empty.Value);

        // A string someone else wrote reads back unchanged.
        Db.StringSet("shop:v2:session:legacy", "42");
        Assert.Equal("42", Db.Get(ShopKeys.Session("legacy")).Value);

        Assert.Throws<ArgumentNullException>(() => Db.Set(ShopKeys.Session("null"), null!));
        Assert.False(Db.KeyExists("shop:v2:session:null"));

        // Untyped keys take raw strings too.
        Db.Set(ShopKeys.Banner(), "Spring sale");
        Assert.Equal("Spring sale", Db.StringGet("shop:v2:banner").ToString());
        Assert.Equal("Spring sale", Db.Get<string>(ShopKeys.Banner()).Value);
    }

    [Fact]
    public async Task Raw_bytes_are_stored_as_they_are()
    {
        var bytes = new byte[] { 0, 1, 2, 255, 254, 0x7B };
        Db.Set(ShopKeys.Avatar(1), bytes);
        Assert.Equal(bytes, (byte[]?)Db.StringGet("shop:v2:user:1:avatar"));
        Assert.Equal(bytes, (await Db.GetAsync(ShopKeys.Avatar(1))).Value);
    }

    [Fact]
    public void Remove_deletes_the_entry()
    {
        Db.Set(ShopKeys.UserProfile(1), KeyAndTtlTests.Sample(1));
        Db.Set(ShopKeys.UserProfile(2), KeyAndTtlTests.Sample(2));
        Assert.True(Db.Remove(ShopKeys.UserProfile(1)));
        Assert.False(Db.Remove(ShopKeys.UserProfile(1)));
        Assert.False(Db.Get(ShopKeys.UserProfile(1)).Found);
        Assert.True(Db.Get(ShopKeys.UserProfile(2)).Found);
    }

    [Fact]
    public async Task RemoveAsync_deletes_the_entry()
    {
        await Db.SetAsync(ShopKeys.ProductPrice(3), 3m);
        Assert.True(await Db.RemoveAsync(ShopKeys.ProductPrice(3)));
        Assert.False(await Db.RemoveAsync(ShopKeys.ProductPrice(3)));
        Assert.False((await Db.GetAsync(ShopKeys.ProductPrice(3))).Found);
    }

    [Fact]
    public void The_serializer_can_be_replaced_per_call_and_globally()
    {
        var custom = new SystemTextJsonCacheValueSerializer(new JsonSerializerOptions { PropertyNamingPolicy = null });
        Db.Set(ShopKeys.UserProfile(5), KeyAndTtlTests.Sample(5), serializer: custom);
        Assert.StartsWith("{\"Id\":5", Db.StringGet("shop:v2:user:5:profile").ToString());
        Assert.Equal(5, Db.Get(ShopKeys.UserProfile(5), serializer: custom).Value.Id);

        var counting = new CountingSerializer();
        var previous = CacheKeyRedisExtensions.Serializer;
        try
        {
            CacheKeyRedisExtensions.Serializer = counting;
            Db.Set(ShopKeys.ProductPrice(9), 9m);
            Assert.Equal(9m, Db.Get(ShopKeys.ProductPrice(9)).Value);
            Db.Set(ShopKeys.Session("s"), "raw"); // raw values bypass the serializer
            Assert.Equal((1, 1), (counting.Serialized, counting.Deserialized));
            Assert.Equal("9", Db.StringGet("shop:v2:product:9:price").ToString());
        }
        finally
        {
            CacheKeyRedisExtensions.Serializer = previous;
        }

        Assert.Throws<ArgumentNullException>(() => CacheKeyRedisExtensions.Serializer = null!);
    }

    private sealed class CountingSerializer : ICacheValueSerializer
    {
        public int Serialized { get; private set; }

        public int Deserialized { get; private set; }

        public byte[] Serialize<T>(T value)
        {
            Serialized++;
            return Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
        }

        public T Deserialize<T>(ReadOnlyMemory<byte> data)
        {
            Deserialized++;
            return (T)Convert.ChangeType(Encoding.UTF8.GetString(data.Span), typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
