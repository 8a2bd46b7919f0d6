using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.SynchronizedExpiryAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.SynchronizedExpiryAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.SynchronizedExpiryCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE006Tests
{
    private const string FusionSetup = """
        using Microsoft.Extensions.DependencyInjection;
        using ZiggyCreatures.Caching.Fusion.Backplane;
        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Foreach_with_constant_ttl() => VerifyCS.VerifyAsync("""
        record Product(int Id, string Name);
        class C
        {
            void M(IMemoryCache cache, List<Product> products)
            {
                foreach (var p in products)
                {
                    cache.[|Set|]($"product:{p.Id}", p, TimeSpan.FromMinutes(10));
                }
            }
        }
        """);

    [Fact]
    public Task For_and_while_loops_with_field_ttl() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
            private readonly TimeSpan _ttl = TimeSpan.FromHours(1);

            async Task M(IDatabase db, IDistributedCache cache, string[] ids)
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    db.[|StringSet|]("item:" + ids[i], "v", Ttl);
                }

                var n = 0;
                while (n < ids.Length)
                {
                    await cache.[|SetStringAsync|]("item:" + ids[n], "v", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl });
                    n++;
                }
            }
        }
        """);

    [Fact]
    public Task Linq_and_parallel_lambdas() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IFusionCache fusion, HybridCache hybrid, IEnumerable<int> ids, TimeSpan ttl)
            {
                var tasks = ids.Select(id => hybrid.[|SetAsync|]($"h:{id}", id, new HybridCacheEntryOptions { Expiration = ttl }).AsTask()).ToList();
                Parallel.ForEach(ids, id => fusion.[|Set|]($"f:{id}", id, new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }));
                ids.ToList().ForEach(id => fusion.[|Set|]($"g:{id}", id, new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }));
                foreach (var id in ids) fusion.[|Set|]($"c:{id}", id, new FusionCacheEntryOptions(TimeSpan.FromMinutes(5)));
            }
        }
        """);

    [Fact]
    public Task Per_item_size_does_not_spread_expiration() => VerifyCS.VerifyAsync("""
        record Product(int Id, long Size);
        class C
        {
            void M(IMemoryCache cache, List<Product> products)
            {
                foreach (var p in products)
                {
                    cache.[|Set|]($"a:{p.Id}", p, new MemoryCacheEntryOptions { Size = p.Size, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
                    cache.[|Set|]($"b:{p.Id}", p, new MemoryCacheEntryOptions().SetSize(p.Size).SetAbsoluteExpiration(TimeSpan.FromMinutes(10)));
                }
            }
        }
        """);

    [Fact]
    public Task GetOrCreate_factory_with_constant_ttl_in_loop() => VerifyCS.VerifyAsync("""
        class C
        {
            void Warm(IMemoryCache cache, int[] ids)
            {
                foreach (var id in ids)
                {
                    cache.[|GetOrCreate|]($"p:{id}", entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(30);
                        return id;
                    });
                }
            }
        }
        """);

    [Fact]
    public Task Redis_KeyExpire_after_hash_write_in_loop() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, Dictionary<string, string> users)
            {
                foreach (var (id, name) in users)
                {
                    db.HashSet($"user:{id}", "name", name);
                    db.[|KeyExpire|]($"user:{id}", TimeSpan.FromHours(1));
                }
            }
        }
        """);

    [Fact]
    public Task Redis_2x_overloads_in_loop() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, string[] ids)
            {
                foreach (var id in ids)
                {
                    await db.[|StringSetAsync|]($"item:{id}", "v", TimeSpan.FromMinutes(5));
                    await db.StringSetAsync($"plain:{id}", "v");
                }
            }
        }
        """, editorConfig: null, RedisVersion.V2);

    [Fact]
    public Task Redis_batch_with_several_writes() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, string a, string b)
            {
                var batch = db.CreateBatch();
                _ = batch.[|StringSetAsync|]($"user:{a}", "1", TimeSpan.FromMinutes(5));
                _ = batch.[|StringSetAsync|]($"user:{b}", "2", TimeSpan.FromMinutes(5));
                batch.Execute();
            }
        }
        """);

    [Fact]
    public Task Fusion_default_entry_options_without_jitter_multi_node() => VerifyCS.VerifyAsync(FusionSetup + """

        class C
        {
            void M(IServiceCollection services, IFusionCacheBackplane backplane)
            {
                services.AddFusionCache()
                    .WithDefaultEntryOptions([|new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }|])
                    .WithBackplane(backplane);

                services.AddFusionCache("lambda")
                    .WithDefaultEntryOptions([|o => o.Duration = TimeSpan.FromMinutes(5)|])
                    .WithDistributedCache(new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions())));

                var builder = services.AddFusionCache("other");
                builder.WithOptions(o => o.DefaultEntryOptions = [|new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(1))|]);
                builder.WithRegisteredDistributedCache();
            }
        }
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Single_write_outside_loops() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, IDatabase db, int id)
            {
                cache.Set($"a:{id}", "v", TimeSpan.FromMinutes(10));
                db.StringSet($"b:{id}", "v", TimeSpan.FromMinutes(10));
            }
        }
        """);

    [Fact]
    public Task Ttl_computed_per_item_or_random() => VerifyCS.VerifyAsync("""
        record Product(int Id, TimeSpan Ttl);
        class C
        {
            static TimeSpan TtlFor(Product p) => p.Ttl;

            void M(IMemoryCache cache, List<Product> products, TimeSpan ttl)
            {
                foreach (var p in products)
                {
                    cache.Set($"a:{p.Id}", p, p.Ttl);
                    cache.Set($"b:{p.Id}", p, TtlFor(p));
                    cache.Set($"c:{p.Id}", p, ttl + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 3000)));
                    var jittered = ttl + TimeSpan.FromSeconds(p.Id % 30);
                    cache.Set($"d:{p.Id}", p, jittered);
                }
            }
        }
        """);

    [Fact]
    public Task Options_declared_before_the_loop_and_jittered_inside_it() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, IMemoryCache memory, int[] ids)
            {
                var options = new DistributedCacheEntryOptions();
                var memoryOptions = new MemoryCacheEntryOptions();
                foreach (var id in ids)
                {
                    options.SetAbsoluteExpiration(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(Random.Shared.Next(0, 60)));
                    await cache.SetStringAsync($"a:{id}", "v", options);
                    memoryOptions.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(Random.Shared.Next(0, 60));
                    memory.Set($"b:{id}", id, memoryOptions);
                }
            }
        }
        """);

    [Fact]
    public Task Options_declared_before_the_loop_and_set_to_a_constant_inside_it_is_reported() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDistributedCache cache, int[] ids)
            {
                var options = new DistributedCacheEntryOptions();
                foreach (var id in ids)
                {
                    options.SetAbsoluteExpiration(TimeSpan.FromMinutes(10));
                    await cache.[|SetStringAsync|]($"a:{id}", "v", options);
                }
            }
        }
        """);

    [Fact]
    public Task Jitter_configured_on_fusion_options() => VerifyCS.VerifyAsync(FusionSetup + """

        class C
        {
            private static readonly FusionCacheEntryOptions Options = new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }.SetJittering(TimeSpan.FromSeconds(10));

            void M(IServiceCollection services, IFusionCache fusion, IFusionCacheBackplane backplane, int[] ids)
            {
                foreach (var id in ids)
                {
                    fusion.Set($"a:{id}", id, new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5), JitterMaxDuration = TimeSpan.FromSeconds(5) });
                    fusion.Set($"b:{id}", id, Options);
                }

                services.AddFusionCache()
                    .WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5), JitterMaxDuration = TimeSpan.FromSeconds(3) })
                    .WithBackplane(backplane);
            }
        }
        """);

    [Fact]
    public Task Fusion_default_options_single_node() => VerifyCS.VerifyAsync(FusionSetup + """

        class C
        {
            void M(IServiceCollection services) =>
                services.AddFusionCache().WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) });
        }
        """);

    [Fact]
    public Task Same_key_every_iteration_and_no_ttl() => VerifyCS.VerifyAsync("""
        class C
        {
            async Task M(IDatabase db, IMemoryCache cache, int[] ids, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    await db.StringSetAsync("heartbeat", DateTime.UtcNow.Ticks, TimeSpan.FromSeconds(30));
                    await Task.Delay(1000, ct);
                }

                foreach (var id in ids)
                {
                    cache.Set($"a:{id}", id);
                    cache.Set($"b:{id}", id, new MemoryCacheEntryOptions { Size = 1 });
                }
            }
        }
        """);

    [Fact]
    public Task Erroneous_code_does_not_crash() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int[] ids)
            {
                foreach (var id in ids)
                {
                    cache.Set($"a:{id}", id, {|CS0103:unknownTtl|});
                    cache.Set($"b:{id}", id, new MemoryCacheEntryOptions { {|CS0117:Nope|} = 1 });
                }

                {|CS0103:items|}.Select(x => cache.Set(x, x, TimeSpan.FromMinutes(1)));
            }
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_wraps_ttl_with_random_jitter() => VerifyFix.VerifyFixAsync("""
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

            void M(IMemoryCache cache, IDatabase db, int[] ids)
            {
                foreach (var id in ids)
                {
                    cache.[|Set|]($"a:{id}", id, TimeSpan.FromMinutes(10));
                    db.[|StringSet|]($"b:{id}", "v", Ttl);
                }
            }
        }
        """, """
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

            void M(IMemoryCache cache, IDatabase db, int[] ids)
            {
                foreach (var id in ids)
                {
                    cache.Set($"a:{id}", id, TimeSpan.FromMinutes(10) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 60000)));
                    db.StringSet($"b:{id}", "v", Ttl + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 60000)));
                }
            }
        }
        """);

    [Fact]
    public Task Fix_uses_configured_jitter_budget() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int[] ids, TimeSpan ttl)
            {
                foreach (var id in ids)
                {
                    cache.[|Set|]($"a:{id}", id, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl });
                }
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int[] ids, TimeSpan ttl)
            {
                foreach (var id in ids)
                {
                    cache.Set($"a:{id}", id, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5000)) });
                }
            }
        }
        """, "caching_architect.jitter_max = 5s", RedisVersion.V3);

    [Fact]
    public Task Fix_sets_fusion_jittering() => VerifyFix.VerifyFixAsync(FusionSetup + """

        class C
        {
            void M(IServiceCollection services, IFusionCache fusion, IFusionCacheBackplane backplane, int[] ids)
            {
                services.AddFusionCache()
                    .WithDefaultEntryOptions([|new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) }|])
                    .WithBackplane(backplane);
                foreach (var id in ids)
                {
                    fusion.[|Set|]($"a:{id}", id, new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(2)));
                }
            }
        }
        """, FusionSetup + """

        class C
        {
            void M(IServiceCollection services, IFusionCache fusion, IFusionCacheBackplane backplane, int[] ids)
            {
                services.AddFusionCache()
                    .WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5), JitterMaxDuration = TimeSpan.FromSeconds(30) })
                    .WithBackplane(backplane);
                foreach (var id in ids)
                {
                    fusion.Set($"a:{id}", id, new FusionCacheEntryOptions().SetDuration(TimeSpan.FromMinutes(2)).SetJittering(TimeSpan.FromSeconds(12)));
                }
            }
        }
        """);
}
