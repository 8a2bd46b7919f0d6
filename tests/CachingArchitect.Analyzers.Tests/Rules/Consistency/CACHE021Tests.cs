using System.Threading.Tasks;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.SharedCachedInstanceMutatedAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Consistency;

public class CACHE021Tests
{
    private const string Types = """
        public class Product { public int Id { get; set; } public decimal Price { get; set; } public List<string> Tags { get; } = new(); }
        public sealed record PriceList(int Id, IReadOnlyList<decimal> Prices);

        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Collection_read_with_Get_then_changed() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(IMemoryCache cache, Product extra)
            {
                var products = cache.Get<List<Product>>("shop:products");
                if (products is not null)
                {
                    products.[|Add|](extra);
                    products.Add(extra);
                }
            }
        }
        """);

    [Fact]
    public Task Property_set_after_TryGetValue() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(IMemoryCache cache, int id, decimal price)
            {
                if (cache.TryGetValue($"shop:product:{id}", out Product? product) && product is not null)
                {
                    [|product.Price|] = price;
                }
            }
        }
        """);

    [Fact]
    public Task GetOrCreate_result_sorted_and_nested_collection_changed() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            async Task M(IMemoryCache cache, int id)
            {
                var names = cache.GetOrCreate("shop:names", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return new List<string> { "b", "a" };
                })!;
                names.[|Sort|]();

                var product = await cache.GetOrCreateAsync($"shop:product:{id}", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return Task.FromResult(new Product { Id = id });
                });
                product!.Tags.[|Add|]("viewed");
            }
        }
        """);

    [Fact]
    public Task ObjectCache_Get_then_changed() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(System.Runtime.Caching.ObjectCache cache)
            {
                var prices = (Dictionary<int, decimal>)cache.Get("shop:prices");
                [|prices[1]|] = 9.99m;
            }
        }
        """);

    [Fact]
    public Task Value_changed_after_Set() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(IMemoryCache cache, List<Product> products, Product extra)
            {
                cache.Set("shop:products", products, TimeSpan.FromMinutes(5));
                products.[|Add|](extra);
            }
        }
        """);

    [Fact]
    public Task Miss_path_fills_then_stores_and_the_hit_path_changes() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(IMemoryCache cache, string tag)
            {
                if (!cache.TryGetValue("shop:tags", out List<string>? tags) || tags is null)
                {
                    tags = new List<string>();
                    tags.Add("new");
                    cache.Set("shop:tags", tags, TimeSpan.FromMinutes(5));
                }

                tags.[|Add|](tag);
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Filling_before_Set_is_fine() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(IMemoryCache cache, Product extra)
            {
                var products = new List<Product>();
                products.Add(extra);
                products.Sort((a, b) => a.Id.CompareTo(b.Id));
                cache.Set("shop:products", products, TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Copies_are_fine() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            void M(IMemoryCache cache, Product extra)
            {
                var products = cache.Get<List<Product>>("shop:products")?.ToList() ?? new List<Product>();
                products.Add(extra);

                var names = cache.Get<List<string>>("shop:names");
                names = names is null ? new List<string>() : new List<string>(names);
                names.Add("x");
            }
        }
        """);

    [Fact]
    public Task Immutable_and_read_only_types_are_fine() => VerifyCS.VerifyAsync("using System.Collections.Immutable;\n" + Types + """

        class C
        {
            void M(IMemoryCache cache)
            {
                var list = cache.Get<ImmutableList<int>>("shop:ids");
                var longer = list?.Add(3);
                var prices = cache.Get<PriceList>("shop:prices");
                var updated = prices! with { Id = 2 };
                var frozen = cache.Get<System.Collections.Frozen.FrozenSet<int>>("shop:frozen");
            }
        }
        """);

    [Fact]
    public Task Concurrent_collections_are_shared_by_design() => VerifyCS.VerifyAsync("using System.Collections.Concurrent;\n" + Types + """

        class C
        {
            void M(IMemoryCache cache, int id)
            {
                var seen = cache.GetOrCreate("shop:seen", e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return new ConcurrentDictionary<int, bool>();
                })!;
                seen.TryAdd(id, true);
            }
        }
        """);

    [Fact]
    public Task Distributed_and_hybrid_reads_are_fresh_instances() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            async Task M(IDistributedCache distributed, HybridCache hybrid, int id)
            {
                var json = await distributed.GetStringAsync($"shop:product:{id}");
                var product = System.Text.Json.JsonSerializer.Deserialize<Product>(json ?? "{}")!;
                product.Price = 1;

                var other = await hybrid.GetOrCreateAsync($"shop:product:{id}", ct => ValueTask.FromResult(new Product()));
                other.Price = 2;
            }
        }
        """);

    [Fact]
    public Task Value_types_and_reads_only_are_fine() => VerifyCS.VerifyAsync(Types + """
        class C
        {
            decimal M(IMemoryCache cache)
            {
                var products = cache.Get<List<Product>>("shop:products") ?? new List<Product>();
                var total = 0m;
                foreach (var product in products)
                {
                    total += product.Price;
                }

                var count = cache.Get<int>("shop:count");
                count++;
                return total + count + products.Count;
            }
        }
        """);
}
