using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the registration rules (CACHE022, CACHE023, CACHE034): idiomatic cache registrations (FusionCache with L2,
/// backplane and circuit breaker; HybridCache over Redis with a short local lifetime; the memory distributed cache in
/// Development only), a guarded cache-aside helper and pub/sub invalidation of expiring entries yield zero diagnostics
/// from every analyzer and compile cleanly.
/// </summary>
public class CleanCodeRegistrationTests
{
    public const string IdiomaticRegistrations = """
        using System.Text.Json;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Polly;
        using ZiggyCreatures.Caching.Fusion.Backplane;
        using ZiggyCreatures.Caching.Fusion.Serialization;

        namespace Shop;

        public sealed record Product(int Id, string Name);

        public sealed class ShopDb : DbContext
        {
            public DbSet<Product> Products => Set<Product>();
        }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var redis = builder.Configuration.GetConnectionString("Redis") ?? "localhost:6379,abortConnect=false";

                if (builder.Environment.IsDevelopment())
                {
                    builder.Services.AddDistributedMemoryCache();
                }
                else
                {
                    builder.Services.AddStackExchangeRedisCache(options => options.Configuration = redis);
                }

                builder.Services.AddHybridCache(options =>
                {
                    options.MaximumPayloadBytes = 1024 * 1024;
                    options.DefaultEntryOptions = new HybridCacheEntryOptions
                    {
                        Expiration = TimeSpan.FromMinutes(10),
                        LocalCacheExpiration = TimeSpan.FromSeconds(5),
                    };
                });

                builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
                builder.Services.AddFusionCache("catalog")
                    .WithCacheKeyPrefix()
                    .WithOptions(options =>
                    {
                        options.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2);
                        options.BackplaneCircuitBreakerDuration = TimeSpan.FromSeconds(2);
                    })
                    .WithDefaultEntryOptions(new FusionCacheEntryOptions
                    {
                        Duration = TimeSpan.FromMinutes(10),
                        JitterMaxDuration = TimeSpan.FromSeconds(30),
                        IsFailSafeEnabled = true,
                        FailSafeMaxDuration = TimeSpan.FromHours(2),
                    })
                    .WithSerializer(sp => sp.GetRequiredService<IFusionCacheSerializer>())
                    .WithRegisteredDistributedCache()
                    .WithBackplane(sp => sp.GetRequiredService<IFusionCacheBackplane>());

                builder.Services.AddSingleton<ResiliencePipeline>(_ => new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromMilliseconds(250)).Build());

                var app = builder.Build();
                app.Run();
            }
        }

        public sealed class ProductReader(IDistributedCache cache, ShopDb db, ResiliencePipeline pipeline)
        {
            private static readonly DistributedCacheEntryOptions Entry = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) };

            public async Task<Product?> GetAsync(int id, CancellationToken ct)
            {
                var key = $"shop:product:{id}";
                string? json = null;
                try
                {
                    json = await cache.GetStringAsync(key, ct);
                }
                catch (RedisException)
                {
                    // cache unavailable: read from the database
                }

                if (json is not null)
                {
                    return JsonSerializer.Deserialize<Product>(json);
                }

                var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
                if (product is not null)
                {
                    await pipeline.ExecuteAsync(async token => await cache.SetStringAsync(key, JsonSerializer.Serialize(product), Entry, token), ct);
                }

                return product;
            }
        }

        public sealed class ProductWriter(HybridCache hybrid, IFusionCache fusion, ShopDb db)
        {
            public async Task RenameAsync(int id, string name, CancellationToken ct)
            {
                var product = await db.Products.FirstAsync(p => p.Id == id, ct);
                db.Entry(product).CurrentValues[nameof(Product.Name)] = name;
                await db.SaveChangesAsync(ct);
                await hybrid.RemoveAsync($"shop:product:{id}", ct);
                await fusion.RemoveAsync($"shop:product:{id}", token: ct);
            }
        }

        public sealed class PriceCache(IMemoryCache memory, IConnectionMultiplexer mux)
        {
            public void Put(int id, decimal price) => memory.Set($"shop:price:{id}", price, TimeSpan.FromMinutes(5));

            public Task ListenAsync() =>
                mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal("shop:price-changed"), (_, message) => memory.Remove($"shop:price:{message}"));
        }
        """;

    [Fact]
    public async Task Idiomatic_registrations_have_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticRegistrations, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
