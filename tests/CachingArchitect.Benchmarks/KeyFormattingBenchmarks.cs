using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CachingArchitect.Benchmarks;

/// <summary>
/// Generated key builders against the equivalent hand-written interpolated strings. Every method returns the key string,
/// so all of them allocate exactly that string at best. The generated Cart key also validates its string part
/// (<c>CacheKeyParts.Check</c>), which the hand-written versions do not.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class KeyFormattingBenchmarks
{
    private int userId = 42;
    private Guid tenantId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private string userName = "alice";
    private long cartId = 1234567890;

    [GlobalSetup]
    public void Check()
    {
        // The variants must produce the same text, or the comparison is meaningless.
        var expected = ShopKeys.UserProfile(userId).Value;
        if (Interpolated_UserProfile() != expected || StringCreate_UserProfile() != expected ||
            Generated_Cart() != Interpolated_Cart() || Generated_Cart() != StringCreate_Cart() || Generated_Cart() != StringCreateChecked_Cart())
        {
            throw new InvalidOperationException("The benchmark variants render different keys.");
        }
    }

    [BenchmarkCategory("UserProfile (1 int)"), Benchmark(Baseline = true)]
    public string Interpolated_UserProfile() => $"shop:v2:user:{userId}:profile";

    [BenchmarkCategory("UserProfile (1 int)"), Benchmark]
    public string StringCreate_UserProfile() => string.Create(CultureInfo.InvariantCulture, $"shop:v2:user:{userId}:profile");

    [BenchmarkCategory("UserProfile (1 int)"), Benchmark]
    public string Generated_UserProfile() => ShopKeys.UserProfile(userId).Value;

    [BenchmarkCategory("Cart (Guid, string, long)"), Benchmark(Baseline = true)]
    public string Interpolated_Cart() => $"shop:v2:tenant:{tenantId}:user:{userName}:cart:{cartId}";

    [BenchmarkCategory("Cart (Guid, string, long)"), Benchmark]
    public string StringCreate_Cart() => string.Create(CultureInfo.InvariantCulture, $"shop:v2:tenant:{tenantId}:user:{userName}:cart:{cartId}");

    /// <summary>The hand-written equivalent of what the generated builder does, including the string-part check.</summary>
    [BenchmarkCategory("Cart (Guid, string, long)"), Benchmark]
    public string StringCreateChecked_Cart() =>
        string.Create(CultureInfo.InvariantCulture, $"shop:v2:tenant:{tenantId}:user:{CacheKeyParts.Check(userName, 64, nameof(userName))}:cart:{cartId}");

    [BenchmarkCategory("Cart (Guid, string, long)"), Benchmark]
    public string Generated_Cart() => ShopKeys.Cart(tenantId, userName, cartId).Value;
}
