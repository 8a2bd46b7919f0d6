using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the Resilience rules (CACHE030–CACHE035): idiomatic connection handling, lock and stampede-protection code
/// over the APIs these rules watch yields zero diagnostics from every analyzer and compiles cleanly.
/// </summary>
public class CleanCodeResilienceTests
{
    public const string IdiomaticResilience = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        namespace Shop.Resilience;

        public sealed class Order { public int Id { get; set; } public decimal Total { get; set; } }

        public sealed class ShopDb : DbContext
        {
            public ShopDb(DbContextOptions<ShopDb> options) : base(options) { }
            public DbSet<Order> Orders => Set<Order>();
        }

        public static class RedisConnection
        {
            private static readonly Lazy<ConnectionMultiplexer> LazyConnection = new(() =>
            {
                var options = ConfigurationOptions.Parse("redis-primary:6379,redis-replica:6379");
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 5000;
                options.SyncTimeout = 5000;
                options.AsyncTimeout = 5000;
                return ConnectionMultiplexer.Connect(options);
            });

            public static IConnectionMultiplexer Connection => LazyConnection.Value;
        }

        public static class Registration
        {
            public static void AddShopCaching(this IServiceCollection services, string redisConfiguration)
            {
                services.AddMemoryCache();
                services.AddHybridCache();
                services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(redisConfiguration));
                services.AddKeyedSingleton<IConnectionMultiplexer>("pubsub", (sp, key) =>
                    ConnectionMultiplexer.Connect("contoso.redis.cache.windows.net:6380,ssl=true"));
                services.AddStackExchangeRedisCache(o =>
                {
                    o.InstanceName = "shop:";
                    o.ConnectionMultiplexerFactory = async () => await Task.FromResult(RedisConnection.Connection);
                });
                services.AddSingleton<IMemoryCache>(sp => new MemoryCache(new MemoryCacheOptions { ExpirationScanFrequency = TimeSpan.FromMinutes(1) }));
                services.AddScoped<OrderService>();
                services.AddSingleton<OrderLocks>();
                services.AddHostedService<InvalidationListener>();
            }
        }

        public sealed class OrderService
        {
            private readonly HybridCache _hybrid;
            private readonly ShopDb _db;
            private readonly IDatabase _redis;

            public OrderService(HybridCache hybrid, ShopDb db, IConnectionMultiplexer mux)
            {
                _hybrid = hybrid;
                _db = db;
                _redis = mux.GetDatabase();
            }

            public ValueTask<Order?> GetAsync(int id, CancellationToken ct) =>
                _hybrid.GetOrCreateAsync(
                    $"shop:order:{id}",
                    async cancel => await _db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancel),
                    new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5), LocalCacheExpiration = TimeSpan.FromMinutes(1) },
                    cancellationToken: ct);

            public async Task<bool> RecalculateAsync(int id, CancellationToken ct)
            {
                var lockKey = $"shop:lock:order:{id}";
                var token = Guid.NewGuid().ToString("N");
                if (!await _redis.LockTakeAsync(lockKey, token, TimeSpan.FromSeconds(30)))
                {
                    return false;
                }

                try
                {
                    var order = await _db.Orders.FindAsync(new object[] { id }, ct);
                    return order is not null;
                }
                finally
                {
                    await _redis.LockReleaseAsync(lockKey, token);
                }
            }

            public bool IsRedisUp() => _redis.Multiplexer.IsConnected;
        }

        public sealed class OrderLocks
        {
            private readonly IMemoryCache _cache;
            private readonly SemaphoreSlim _gate = new(1, 1);

            public OrderLocks(IMemoryCache cache) => _cache = cache;

            public async Task<decimal> TotalAsync(int id, ShopDb db)
            {
                var key = $"shop:total:{id}";
                if (_cache.TryGetValue(key, out decimal total))
                {
                    return total;
                }

                await _gate.WaitAsync();
                try
                {
                    if (!_cache.TryGetValue(key, out total))
                    {
                        total = await db.Orders.Where(o => o.Id == id).Select(o => o.Total).FirstOrDefaultAsync();
                        _cache.Set(key, total, TimeSpan.FromMinutes(5));
                    }

                    return total;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        public sealed class InvalidationListener : BackgroundService
        {
            private readonly IConnectionMultiplexer _mux;
            private readonly IMemoryCache _cache;

            public InvalidationListener(IConnectionMultiplexer mux, IMemoryCache cache)
            {
                _mux = mux;
                _cache = cache;
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                var channel = await _mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal("shop:invalidate"));
                channel.OnMessage(message => _cache.Remove((string)message.Message!));
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
        }

        [ApiController]
        [Route("orders")]
        public sealed class OrdersController : ControllerBase
        {
            private static readonly MemoryCache Recent = new(new MemoryCacheOptions { SizeLimit = 100 });
            private readonly OrderService _orders;

            public OrdersController(OrderService orders) => _orders = orders;

            [HttpGet("{id:int}")]
            public async Task<ActionResult<Order>> Get(int id, CancellationToken ct) =>
                await _orders.GetAsync(id, ct) is { } order ? order : NotFound();

            [HttpGet("health")]
            public IActionResult Health() => _orders.IsRedisUp() ? Ok() : StatusCode(503);
        }
        """;

    [Fact]
    public async Task Idiomatic_resilience_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticResilience, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
