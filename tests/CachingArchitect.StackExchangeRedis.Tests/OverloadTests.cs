using System.Threading.Tasks;

namespace CachingArchitect.StackExchangeRedis.Tests;

/// <summary>Call shapes that must compile and pick the typed overload (the value converts to the key's value type).</summary>
public sealed class OverloadTests(RedisServerFixture fixture) : RedisTestBase(fixture)
{
    [Fact]
    public async Task A_value_of_a_convertible_type_binds_to_the_typed_overload()
    {
        Db.Set(ShopKeys.ProductPrice(1), 5);                       // int → decimal, not an untyped Set<int>
        await Db.SetAsync(ShopKeys.ProductPrice(2), 6);
        Assert.Equal(3m, Db.GetOrSet(ShopKeys.ProductPrice(3), () => 3));
        Assert.Equal(4m, await Db.GetOrSetAsync(ShopKeys.ProductPrice(4), () => Task.FromResult(4m)));

        Assert.Equal(5m, Db.Get(ShopKeys.ProductPrice(1)).Value);
        Assert.Equal(6m, (await Db.GetAsync(ShopKeys.ProductPrice(2))).Value);
        Assert.Equal(3m, Db.Get<decimal>(ShopKeys.ProductPrice(3)).Value);
    }
}
