using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision, second corpus: realistic application code in the shapes that "look wrong but are fine"
/// (helper wrappers, shared options, Redis lock and counter patterns, time-bucketed keys, claims and route
/// values in keys, static lookup tables...). Every source must compile and yield zero diagnostics.
/// </summary>
public class RealisticCleanCodeTests
{
    public const string CacheAsideHelpers = """
        using System.Text.Json;

        namespace Realistic.Helpers;

        public sealed record Order(int Id, string Customer, decimal Total);

        public interface IAppCache
        {
            Task<T?> GetOrSetAsync<T>(string key, Func<Task<T>> factory, TimeSpan ttl, CancellationToken ct = default);
        }

        public sealed class DistributedAppCache(IDistributedCache cache) : IAppCache
        {
            public async Task<T?> GetOrSetAsync<T>(string key, Func<Task<T>> factory, TimeSpan ttl, CancellationToken ct = default)
            {
                var bytes = await cache.GetAsync(key, ct);
                if (bytes is not null)
                {
                    return JsonSerializer.Deserialize<T>(bytes);
                }

                var value = await factory();
                await cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value), BuildOptions(ttl), ct);
                return value;
            }

            private static DistributedCacheEntryOptions BuildOptions(TimeSpan ttl) =>
                new() { AbsoluteExpirationRelativeToNow = ttl };
        }

        public sealed class RedisAppCache(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task<T?> GetOrSetAsync<T>(string key, Func<Task<T>> factory, TimeSpan ttl)
            {
                var cached = await _db.StringGetAsync(key);
                if (cached.HasValue)
                {
                    return JsonSerializer.Deserialize<T>(cached.ToString());
                }

                var value = await factory();
                await _db.StringSetAsync(key, JsonSerializer.Serialize(value), ttl);
                return value;
            }
        }

        public static class CacheOptionsFactory
        {
            public static DistributedCacheEntryOptions ShortLived() =>
                new DistributedCacheEntryOptions().SetAbsoluteExpiration(TimeSpan.FromMinutes(5));

            public static MemoryCacheEntryOptions Sized(long size) => new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10),
                Size = size,
            };
        }

        public sealed class OrderService(IAppCache appCache, IDistributedCache distributed, IMemoryCache memory)
        {
            private static readonly MemoryCacheEntryOptions SharedOptions = new MemoryCacheEntryOptions()
                .SetAbsoluteExpiration(TimeSpan.FromMinutes(15))
                .SetPriority(CacheItemPriority.High);

            public Task<Order?> GetAsync(int id, CancellationToken ct) =>
                appCache.GetOrSetAsync($"orders:order:{id}", () => LoadAsync(id), TimeSpan.FromMinutes(5), ct);

            public Task SaveSummaryAsync(int id, string summary, CancellationToken ct) =>
                distributed.SetStringAsync($"orders:summary:{id}", summary, CacheOptionsFactory.ShortLived(), ct);

            public Order? GetShared(int id) => memory.GetOrCreate($"orders:shared:{id}", entry =>
            {
                entry.SetOptions(SharedOptions);
                return new Order(id, "c", 1m);
            });

            private static async Task<Order> LoadAsync(int id)
            {
                await Task.Delay(1);
                return new Order(id, "customer", 10m);
            }
        }
        """;

    public const string RedisPatterns = """
        namespace Realistic.Redis;

        public sealed class DistributedLock(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task<string?> TryAcquireAsync(string resource, TimeSpan leaseTime)
            {
                var token = Guid.NewGuid().ToString("N");
                var acquired = await _db.StringSetAsync($"locks:{resource}", token, leaseTime, When.NotExists);
                return acquired ? token : null;
            }

            public Task<bool> ReleaseAsync(string resource, string token) =>
                _db.LockReleaseAsync($"locks:{resource}", token);
        }

        public sealed class RateLimiter(IConnectionMultiplexer mux)
        {
            private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task<bool> AllowAsync(string clientId, int limit)
            {
                var key = $"ratelimit:{clientId}:{DateTime.UtcNow:yyyyMMddHHmm}";
                var tx = _db.CreateTransaction();
                var count = tx.StringIncrementAsync(key);
                _ = tx.KeyExpireAsync(key, Window);
                await tx.ExecuteAsync();
                return await count <= limit;
            }
        }

        public sealed class SnapshotWriter(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task WriteAsync(int tenantId, string payload)
            {
                var key = $"snapshots:tenant:{tenantId}";
                var tx = _db.CreateTransaction();
                _ = tx.StringSetAsync(key, payload);
                _ = tx.KeyExpireAsync(key, TimeSpan.FromHours(1));
                await tx.ExecuteAsync();
            }
        }

        public sealed class DailyStats(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public static string DayKey(string metric) => $"stats:{metric}:{DateTime.UtcNow:yyyyMMdd}";

            public async Task HitAsync(string metric)
            {
                var key = DayKey(metric);
                await _db.StringIncrementAsync(key);
                await _db.KeyExpireAsync(key, TimeSpan.FromDays(2));
            }
        }

        public sealed class SessionStore(IConnectionMultiplexer mux)
        {
            private static readonly TimeSpan SessionTtl = TimeSpan.FromMinutes(30);
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task<string> CreateAsync(string userId)
            {
                var sessionId = Guid.NewGuid().ToString("N");
                await _db.StringSetAsync($"sessions:{sessionId}", userId, SessionTtl);
                return sessionId;
            }

            public async Task<string?> FindUserAsync(string sessionId)
            {
                var value = await _db.StringGetAsync($"sessions:{sessionId}");
                return value.HasValue ? value.ToString() : null;
            }
        }

        public sealed class RedisTtl(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public Task<bool> PutAsync(int id, string value, TimeSpan ttl) =>
                _db.StringSetAsync($"items:{id}", value, TimeSpan.FromSeconds((int)ttl.TotalSeconds));
        }
        """;

    public const string WebKeys = """
        using System.Security.Claims;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        namespace Realistic.Web;

        public enum SortOrder { Newest, Oldest, Popular }

        public sealed record Profile(string UserId, string DisplayName);

        public static class CacheKeys
        {
            private const string Prefix = "web";

            public static string Profile(string userId) => $"{Prefix}:profile:{userId}";

            public static string Article(int id) => $"{Prefix}:article:{id}";

            public static string Listing(SortOrder sort, int page) => $"{Prefix}:listing:{sort}:{page}";

            public static string Search(string term) =>
                $"{Prefix}:search:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(term)))}";
        }

        [ApiController]
        [Route("api/[controller]")]
        public sealed class ProfileController(IMemoryCache cache) : ControllerBase
        {
            [HttpGet("me")]
            public ActionResult<Profile> Me()
            {
                var userId = User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
                if (userId is null)
                {
                    return Unauthorized();
                }

                var profile = cache.GetOrCreate(CacheKeys.Profile(userId), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    return new Profile(userId, "user");
                });
                return Ok(profile);
            }

            [HttpGet("article/{id:int}")]
            public IActionResult Article(int id)
            {
                var text = cache.GetOrCreate(CacheKeys.Article(id), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                    return "article " + id;
                });
                return Ok(text);
            }

            [HttpGet("list")]
            public IActionResult List([FromQuery] string sort = "newest", [FromQuery] int page = 1)
            {
                if (!Enum.TryParse<SortOrder>(sort, ignoreCase: true, out var order))
                {
                    return BadRequest();
                }

                var items = cache.GetOrCreate(CacheKeys.Listing(order, page), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                    return new List<int>();
                });
                return Ok(items);
            }

            [HttpGet("search")]
            public IActionResult Search([FromQuery] string q)
            {
                var ids = cache.GetOrCreate(CacheKeys.Search(q), entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return new List<int>();
                });
                return Ok(ids);
            }
        }

        public static class MinimalApi
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/articles/{id:int}", (int id, IMemoryCache cache) =>
                    cache.GetOrCreate(CacheKeys.Article(id), entry =>
                    {
                        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                        return "article " + id;
                    }));

                app.MapGet("/me", (ClaimsPrincipal user, IMemoryCache cache) =>
                {
                    var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
                    return cache.Get<Profile>(CacheKeys.Profile(id));
                });
            }
        }

        public static class CacheProfiles
        {
            public const int ShortSeconds = 60;
            public const int LongSeconds = 3600;

            public static void Configure(MvcOptions options)
            {
                options.CacheProfiles.Add("Short", new CacheProfile { Duration = ShortSeconds });
                options.CacheProfiles.Add("Long", new CacheProfile { Duration = LongSeconds });
            }
        }
        """;

    public const string OtherBackends = """
        using Microsoft.Extensions.Logging;

        namespace Realistic.Backends;

        [System.ComponentModel.ImmutableObject(true)]
        public sealed record Catalog(int Id, string Name);

        public sealed class HybridCatalog(HybridCache cache)
        {
            public ValueTask<Catalog> GetAsync(int id, CancellationToken ct = default) =>
                cache.GetOrCreateAsync($"catalog:{id}", async token =>
                {
                    await Task.Delay(1, token);
                    return new Catalog(id, "c");
                }, cancellationToken: ct);

            public ValueTask SetAsync(Catalog catalog, CancellationToken ct = default) =>
                cache.SetAsync($"catalog:{catalog.Id}", catalog, cancellationToken: ct);
        }

        public sealed class FusionCatalog(IFusionCache cache)
        {
            public ValueTask<Catalog> GetAsync(int id, CancellationToken ct = default) =>
                cache.GetOrSetAsync($"catalog:{id}", async _ =>
                {
                    await Task.Delay(1);
                    return new Catalog(id, "c");
                }, token: ct);

            public void Set(Catalog catalog) => cache.Set($"catalog:{catalog.Id}", catalog);
        }

        public sealed class MemcachedCatalog(IMemcachedClient client)
        {
            private static readonly TimeSpan LongLived = TimeSpan.FromDays(45);

            public bool Put(Catalog catalog) =>
                client.Store(StoreMode.Set, $"catalog:{catalog.Id}", catalog, LongLived);

            public bool PutSeconds(Catalog catalog, TimeSpan ttl) =>
                client.Set($"catalog-s:{catalog.Id}", catalog, (int)ttl.TotalSeconds);
        }

        public sealed class BoundedCache : IDisposable
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });
            private readonly ILogger<BoundedCache> _logger;

            public BoundedCache(ILogger<BoundedCache> logger) => _logger = logger;

            public void Put(string name, byte[] data)
            {
                var options = new MemoryCacheEntryOptions()
                    .SetSize(data.Length)
                    .SetAbsoluteExpiration(TimeSpan.FromMinutes(30))
                    .RegisterPostEvictionCallback((key, value, reason, state) =>
                        _logger.LogDebug("Evicted {Key} because {Reason}", key, reason));
                _cache.Set($"blobs:{name}", data, options);
            }

            public void Dispose() => _cache.Dispose();
        }

        public static class Lookups
        {
            private static readonly Dictionary<string, int> Codes;
            private static readonly Dictionary<Type, string> TypeNames = new();
            private static readonly object Gate = new();

            static Lookups()
            {
                Codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                foreach (var name in new[] { "a", "b", "c" })
                {
                    Codes[name] = name.Length;
                }
            }

            public static int Code(string name) => Codes.TryGetValue(name, out var code) ? code : -1;

            public static string NameOf(Type type)
            {
                lock (Gate)
                {
                    if (!TypeNames.TryGetValue(type, out var name))
                    {
                        name = type.FullName ?? type.Name;
                        TypeNames[type] = name;
                    }

                    return name;
                }
            }
        }
        """;


    public const string HarderShapes = """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Options;

        namespace Realistic.Harder;

        public sealed class CacheSettings
        {
            public TimeSpan ProductTtl { get; set; } = TimeSpan.FromMinutes(10);
            public int MemcachedSeconds { get; set; } = 600;
        }

        public sealed record Product(int Id, string Name);

        public sealed class MemoryWrapper(IMemoryCache cache)
        {
            public T GetOrAdd<T>(string key, Func<T> factory, MemoryCacheEntryOptions options) =>
                cache.GetOrCreate(key, entry =>
                {
                    entry.SetOptions(options);
                    return factory();
                })!;

            public void Put<T>(string key, T value, MemoryCacheEntryOptions options) => cache.Set(key, value, options);

            public void PutSliding<T>(string key, T value, TimeSpan sliding, TimeSpan cap)
            {
                using var entry = cache.CreateEntry(key);
                entry.Value = value;
                entry.SlidingExpiration = sliding;
                entry.AbsoluteExpirationRelativeToNow = cap;
            }

            public T GetWithConfigure<T>(string key, Func<T> factory) =>
                cache.GetOrCreate(key, entry =>
                {
                    Configure(entry);
                    return factory();
                })!;

            private static void Configure(ICacheEntry entry)
            {
                entry.SlidingExpiration = TimeSpan.FromMinutes(2);
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
            }
        }

        public sealed class ConfiguredProducts(IMemoryCache memory, IDistributedCache distributed, IOptions<CacheSettings> settings, IMemcachedClient memcached)
        {
            private readonly CacheSettings _settings = settings.Value;

            public Product Get(int id) => memory.GetOrCreate($"products:{id}", entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = _settings.ProductTtl;
                return new Product(id, "p");
            })!;

            public Task PutAsync(Product p, CancellationToken ct)
            {
                var options = new DistributedCacheEntryOptions();
                options.SetAbsoluteExpiration(_settings.ProductTtl);
                return distributed.SetStringAsync($"products:{p.Id}", p.Name, options, ct);
            }

            public bool PutMemcached(Product p) => memcached.Set($"products:{p.Id}", p, _settings.MemcachedSeconds);

            public bool PutUntil(Product p) =>
                memcached.Store(StoreMode.Add, $"products-until:{p.Id}", p, DateTime.UtcNow.AddDays(45));
        }

        public sealed class RedisHelpers(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public Task<bool> SetAsync(string key, string value, TimeSpan? expiry) => _db.StringSetAsync(key, value, expiry, When.Always);

            public async Task SaveCartAsync(int userId, IReadOnlyDictionary<string, int> items)
            {
                var key = $"carts:{userId}";
                var entries = items.Select(kv => new HashEntry(kv.Key, kv.Value)).ToArray();
                await _db.HashSetAsync(key, entries);
                await _db.KeyExpireAsync(key, TimeSpan.FromDays(7));
            }

            public async Task PushRecentAsync(int userId, string item)
            {
                var key = $"recent:{userId}";
                var tx = _db.CreateTransaction();
                _ = tx.ListLeftPushAsync(key, item);
                _ = tx.ListTrimAsync(key, 0, 49);
                _ = tx.KeyExpireAsync(key, TimeSpan.FromDays(30));
                await tx.ExecuteAsync();
            }

            public async Task ClearUserAsync(int userId)
            {
                var server = mux.GetServers().First();
                #pragma warning disable CACHE040 // account deletion is rare; a per-user key index is not worth keeping for it
                await foreach (var key in server.KeysAsync(pattern: $"user:{userId}:*"))
                #pragma warning restore CACHE040
                {
                    await _db.KeyDeleteAsync(key);
                }
            }

            public Task<bool> ExpireAtMidnightAsync(string metric)
            {
                var now = DateTime.UtcNow;
                var untilMidnight = now.Date.AddDays(1) - now;
                return _db.StringSetAsync($"daily:{metric}:{now:yyyyMMdd}", 0, untilMidnight);
            }

            public Task<bool> HourBucketAsync(string metric)
            {
                var now = DateTime.UtcNow;
                var remaining = TimeSpan.FromMinutes(60 - now.Minute);
                return _db.StringSetAsync($"hourly:{metric}:{now:yyyyMMddHH}", 0, remaining);
            }
        }

        public sealed class TokenService(IDistributedCache cache)
        {
            public async Task<string> IssueAsync(string userId, CancellationToken ct)
            {
                var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
                await cache.SetStringAsync($"tokens:{token}", userId, new DistributedCacheEntryOptions
                {
                    AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(15),
                }, ct);
                return token;
            }

            public Task<string?> RedeemAsync(string token, CancellationToken ct) => cache.GetStringAsync($"tokens:{token}", ct);
        }

        public sealed class FusionWithOptions(IFusionCache cache)
        {
            private static readonly FusionCacheEntryOptions Options = new()
            {
                Duration = TimeSpan.FromMinutes(5),
                IsFailSafeEnabled = true,
                FailSafeMaxDuration = TimeSpan.FromHours(2),
                FailSafeThrottleDuration = TimeSpan.FromSeconds(30),
                FactorySoftTimeout = TimeSpan.FromMilliseconds(100),
                FactoryHardTimeout = TimeSpan.FromSeconds(2),
                EagerRefreshThreshold = 0.9f,
            };

            public Product Get(int id) => cache.GetOrSet($"products:{id}", _ => new Product(id, "p"), Options);
        }

        [ApiController]
        [Route("orders")]
        public sealed class OrdersController(IMemoryCache cache) : ControllerBase
        {
            [HttpGet]
            public IActionResult Page([FromQuery] int page = 1, [FromQuery] int size = 20)
            {
                page = Math.Max(1, page);
                size = Math.Clamp(size, 1, 100);
                var result = cache.GetOrCreate($"orders:page:{page}:size:{size}", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                    return new List<int>();
                });
                return Ok(result);
            }

            [HttpGet("{id:guid}")]
            public IActionResult ById(Guid id) =>
                Ok(cache.GetOrCreate($"orders:id:{id}", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return id.ToString();
                }));
        }
        """;

    public const string KeyEdgeShapes = """
        using System.Collections.Concurrent;
        using System.Reflection;
        using System.Security.Claims;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        namespace Realistic.KeyEdges;

        public enum Currency { Eur, Usd, Gbp }

        public sealed record Session(Guid Id, string UserId);

        public sealed record Paging(int Page, int Size);

        public static class Keys
        {
            public const string UserPrefix = "user:";

            public static string Session(Guid id) => $"sessions:{id:N}";

            public static string User(int id) => UserPrefix + id;

            public static string Entity<T>(int id) => $"{typeof(T).Name}:{id}";

            public static string Named(int id) => $"{nameof(Session)}:{id}";
        }

        public sealed class SessionService(IDistributedCache cache)
        {
            public async Task<Session> StartAsync(string userId, CancellationToken ct)
            {
                var id = Guid.NewGuid();
                await cache.SetStringAsync(Keys.Session(id), userId, new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(20), AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(8) }, ct);
                return new Session(id, userId);
            }
        }

        public sealed class Reports(IMemoryCache cache)
        {
            public string Daily() =>
                cache.GetOrCreate("reports:daily:" + DateTime.UtcNow.ToString("yyyyMMdd"), e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1); return "r"; })!;

            public string Today() =>
                cache.GetOrCreate($"reports:day:{DateOnly.FromDateTime(DateTime.UtcNow)}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1); return "r"; })!;

            public string Monthly()
            {
                var now = DateTime.UtcNow;
                return cache.GetOrCreate($"reports:month:{now.Year}-{now.Month:D2}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(6); return "r"; })!;
            }

            public string Rates(Currency from, Currency to) =>
                cache.GetOrCreate($"fx:{from}:{to}:{DateTime.UtcNow:yyyyMMddHH}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); return "1.0"; })!;
        }

        public static class ReflectionCache
        {
            private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

            public static PropertyInfo[] For(Type type) => Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));

            public static PropertyInfo[] For<T>() => For(typeof(T));
        }

        [ApiController]
        [Route("api/prices")]
        public sealed class PricesController(IMemoryCache cache) : ControllerBase
        {
            private static readonly HashSet<string> Languages = new(StringComparer.OrdinalIgnoreCase) { "en", "de", "fr" };

            [HttpGet("{currency}")]
            public IActionResult ByCurrency(Currency currency, [FromQuery] string lang = "en")
            {
                if (!Languages.Contains(lang))
                {
                    return BadRequest();
                }

                return Ok(cache.GetOrCreate($"prices:{currency}:{lang}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1m; }));
            }

            [HttpGet("item/{id}")]
            public IActionResult Item(string id)
            {
                if (!int.TryParse(id, out var itemId))
                {
                    return BadRequest();
                }

                return Ok(cache.GetOrCreate($"prices:item:{itemId}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1m; }));
            }

            [HttpGet("order/{orderId}")]
            public IActionResult Order(string orderId)
            {
                if (!Guid.TryParse(orderId, out var parsed))
                {
                    return BadRequest();
                }

                return Ok(cache.GetOrCreate($"prices:order:{parsed:N}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1m; }));
            }

            [HttpGet("mine")]
            public IActionResult Mine()
            {
                var name = User.Identity?.Name ?? "anonymous";
                var sub = User.FindFirstValue("sub");
                return Ok(cache.GetOrCreate($"prices:mine:{name}:{sub}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1m; }));
            }

            [HttpGet("page")]
            public IActionResult Page()
            {
                var page = int.TryParse(Request.Query["page"], out var p) ? Math.Max(p, 1) : 1;
                var culture = (string?)Request.Query["lang"] switch
                {
                    "de" => "de",
                    "fr" => "fr",
                    _ => "en",
                };
                return Ok(cache.GetOrCreate($"prices:page:{culture}:{page}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1m; }));
            }
        }

        public static class PagingApi
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/items", ([AsParameters] Paging paging, IMemoryCache cache) =>
                    cache.GetOrCreate($"items:{paging.Page}:{paging.Size}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 0; }));

                app.MapGet("/users/{id:int}", (int id, IMemoryCache cache) => cache.Get<string>(Keys.User(id)));
            }
        }

        public sealed class RedisAdmin(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public Task<bool> DropResponseAsync(int page) => _db.KeyDeleteAsync($"resp:/api/products?page={page}");

            public Task<RedisValue> EntityAsync<T>(int id) => _db.StringGetAsync(Keys.Entity<T>(id));

            public Task<RedisValue> NamedAsync(int id) => _db.StringGetAsync(Keys.Named(id));
        }

        public sealed class MemcachedKeys(IMemcachedClient client)
        {
            public object? Get(int tenantId, long id) => client.Get($"tenants:{tenantId}:entities:{id}");

            public bool Put(int tenantId, long id, object value) =>
                client.Store(StoreMode.Set, $"tenants:{tenantId}:entities:{id}", value, TimeSpan.FromMinutes(10));
        }
        """;

    public const string ExpirationEdgeShapes = """
        using System.Collections.Concurrent;
        using System.Reflection;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;
        using Microsoft.Extensions.Primitives;

        namespace Realistic.Expiry;

        public sealed record AccessToken(string Value, DateTimeOffset ExpiresOn);

        public sealed class TtlSettings
        {
            public int Seconds { get; set; } = 300;
            public int Minutes { get; set; } = 5;
        }

        public sealed class TokenCache(IMemoryCache cache)
        {
            public async Task<AccessToken> GetAsync(string audience)
            {
                var token = await cache.GetOrCreateAsync($"tokens:access:{audience}", async entry =>
                {
                    var fresh = await FetchAsync(audience);
                    entry.AbsoluteExpiration = fresh.ExpiresOn.AddMinutes(-1);
                    return fresh;
                });
                return token!;
            }

            public string? Lookup(string key, bool negative) => cache.GetOrCreate($"lookups:{key}", entry =>
            {
                string? value = negative ? null : key;
                if (value is null)
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
                }
                else
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                }

                return value;
            });

            public void PutUntil(string name, string value, DateTimeOffset expiresAt) =>
                cache.Set($"values:{name}", value, expiresAt);

            public void PutWithReset(string name, string value, CancellationTokenSource reset) =>
                cache.Set($"values-reset:{name}", value, new CancellationChangeToken(reset.Token));

            public void PutEntry(string name, string value)
            {
                using var entry = cache.CreateEntry($"values-entry:{name}");
                entry.SetValue(value).SetAbsoluteExpiration(TimeSpan.FromMinutes(3)).SetSize(1);
            }

            private static Task<AccessToken> FetchAsync(string audience) =>
                Task.FromResult(new AccessToken(audience, DateTimeOffset.UtcNow.AddHours(1)));
        }

        public sealed class DistributedWithFieldOptions
        {
            private static readonly DistributedCacheEntryOptions Fallback = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
            private readonly IDistributedCache _cache;
            private readonly DistributedCacheEntryOptions _options;

            public DistributedWithFieldOptions(IDistributedCache cache, IOptions<TtlSettings> settings)
            {
                _cache = cache;
                _options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(settings.Value.Seconds) };
            }

            public Task PutAsync(string id, byte[] data, CancellationToken ct) => _cache.SetAsync($"blobs:{id}", data, _options, ct);

            public Task PutMaybeAsync(string id, byte[] data, DistributedCacheEntryOptions? options, CancellationToken ct) =>
                _cache.SetAsync($"blobs-maybe:{id}", data, options ?? Fallback, ct);
        }

        public sealed class ConfiguredTtl(IMemoryCache cache, IOptions<TtlSettings> settings)
        {
            public void Put(string id, string value)
            {
                cache.Set($"configured:{id}", value, TimeSpan.FromSeconds(settings.Value.Seconds));
                cache.Set($"configured-min:{id}", value, TimeSpan.FromMinutes(settings.Value.Minutes));
            }
        }

        public sealed class RedisCounters(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task<bool> FixedWindowAsync(string client, int limit)
            {
                var key = $"rl:fixed:{client}";
                var count = await _db.StringIncrementAsync(key);
                if (count == 1)
                {
                    await _db.KeyExpireAsync(key, TimeSpan.FromMinutes(1));
                }

                return count <= limit;
            }

            public async Task ScoreAsync(string board, string player, double points)
            {
                var key = $"leaderboard:{board}:{DateTime.UtcNow:yyyyMMdd}";
                await _db.SortedSetIncrementAsync(key, player, points);
                await _db.KeyExpireAsync(key, TimeSpan.FromDays(8), ExpireWhen.HasNoExpiry);
            }

            public Task<bool> FireAndForgetAsync(string id, string value) =>
                _db.StringSetAsync($"ff:{id}", value, TimeSpan.FromMinutes(5), When.NotExists, CommandFlags.FireAndForget);

            public Task<bool> LockAsync(string resource, string owner) =>
                _db.LockTakeAsync($"locks:{resource}", owner, TimeSpan.FromSeconds(30));
        }

        public sealed class MemcachedOps(IMemcachedClient client)
        {
            public ulong Hit(string page) => client.Increment($"hits:{page}", 1, 1);

            public bool Add(string id, object value) => client.Store(StoreMode.Add, $"items:{id}", value, TimeSpan.FromMinutes(15));
        }

        public sealed class EvictionLogging(IMemoryCache cache, ILogger<EvictionLogging> logger)
        {
            public void Put(string id, IDisposable resource)
            {
                var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) };
                options.RegisterPostEvictionCallback(static (key, value, reason, state) =>
                {
                    if (value is IDisposable disposable)
                    {
                        disposable.Dispose();
                    }

                    ((ILogger)state!).LogInformation("{Key} evicted: {Reason}", key, reason);
                }, logger);
                cache.Set($"resources:{id}", resource, options);
            }
        }

        public static class Activators
        {
            private static readonly ConcurrentDictionary<(Type Service, Type Implementation), Func<object>> Factories = new();
            private static readonly ConcurrentDictionary<MethodInfo, string> Names = new();

            public static object Create(Type service, Type implementation) =>
                Factories.GetOrAdd((service, implementation), static pair => () => Activator.CreateInstance(pair.Implementation)!)();

            public static string Name(MethodInfo method) => Names.GetOrAdd(method, static m => m.DeclaringType?.Name + "." + m.Name);
        }

        public sealed class HybridDefaults(HybridCache cache)
        {
            private static readonly HybridCacheEntryOptions Options = new()
            {
                Expiration = TimeSpan.FromMinutes(10),
                LocalCacheExpiration = TimeSpan.FromMinutes(10),
            };

            public ValueTask<string> GetAsync(int id) =>
                cache.GetOrCreateAsync($"hybrid:{id}", _ => ValueTask.FromResult(id.ToString()), Options);
        }

        [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Any)]
        public sealed class CachedController : ControllerBase
        {
            private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

            [HttpGet("/cached")]
            [ResponseCache(Duration = 300, VaryByQueryKeys = new[] { "page" })]
            public IActionResult Get() => Ok();

            public static CacheProfile Profile() => new() { Duration = (int)MaxAge.TotalSeconds };
        }
        """;

    public const string MintedIdShapes = """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        namespace Realistic.Minted;

        public sealed class Job
        {
            public Guid Id { get; init; }
            public string Name { get; init; } = "";
        }

        public sealed record Created(Guid Id);

        public interface IBus
        {
            Task PublishAsync(object message);
        }

        public sealed class Jobs(IDistributedCache cache, IMemoryCache memory, IBus bus)
        {
            private static readonly DistributedCacheEntryOptions Ttl = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

            public async Task<Guid> EnqueueAsync(string name, CancellationToken ct)
            {
                var job = new Job { Id = Guid.NewGuid(), Name = name };
                await cache.SetStringAsync($"jobs:{job.Id}", job.Name, Ttl, ct);
                return job.Id;
            }

            public bool TryStart(string name, out string ticket)
            {
                ticket = Guid.NewGuid().ToString("N");
                memory.Set($"tickets:{ticket}", name, TimeSpan.FromMinutes(5));
                return true;
            }

            public (Guid Id, DateTimeOffset Expires) Reserve(string name)
            {
                var id = Guid.NewGuid();
                var expires = DateTimeOffset.UtcNow.AddMinutes(10);
                memory.Set($"reservations:{id}", name, expires);
                return (id, expires);
            }

            public async Task AnnounceAsync(string name)
            {
                var id = Guid.CreateVersion7();
                memory.Set($"announcements:{id}", name, TimeSpan.FromMinutes(5));
                await bus.PublishAsync(new Created(id));
            }

            public void Cookie(HttpResponse response, string userId)
            {
                var sessionId = Guid.NewGuid().ToString("N");
                memory.Set($"cookie-sessions:{sessionId}", userId, TimeSpan.FromMinutes(20));
                response.Cookies.Append("sid", sessionId);
            }
        }

        [ApiController]
        [Route("uploads")]
        public sealed class UploadsController(IMemoryCache cache) : ControllerBase
        {
            [HttpPost]
            public IActionResult Create([FromBody] byte[] data)
            {
                var id = Guid.NewGuid();
                cache.Set($"uploads:{id}", data, TimeSpan.FromMinutes(30));
                return CreatedAtAction(nameof(Get), new { id }, null);
            }

            [HttpGet("{id:guid}")]
            public IActionResult Get(Guid id) => cache.TryGetValue($"uploads:{id}", out byte[]? data) ? File(data!, "application/octet-stream") : NotFound();
        }

        public sealed class Buckets(IMemoryCache cache)
        {
            public int FiveMinute() =>
                cache.GetOrCreate($"buckets:5m:{DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 300}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1; });

            public int Minute() =>
                cache.GetOrCreate($"buckets:1m:{DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 1; });

            public int Month()
            {
                var now = DateTime.UtcNow;
                return cache.GetOrCreate($"buckets:month:{now.Year}{now.Month:D2}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); return 1; });
            }

            public int Geo(double lat, double lng) =>
                cache.GetOrCreate($"geo:{lat:F3},{lng:F3}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); return 1; });

            public int Versioned(int id, int version) =>
                cache.GetOrCreate($"docs:{id}-v{version}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); return 1; });
        }
        """;

    public const string ValidatedInputShapes = """
        using System.ComponentModel.DataAnnotations;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.RegularExpressions;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.AspNetCore.SignalR;

        namespace Realistic.Validated;

        public sealed record SearchRequest(
            [property: StringLength(50), RegularExpression("^[a-z0-9 ]+$")] string Term,
            int Page = 1);

        [ApiController]
        [Route("catalog")]
        public sealed class CatalogController(IMemoryCache cache, HybridCache hybrid) : ControllerBase
        {
            private static readonly Regex SlugPattern = new("^[A-Za-z0-9-]+$", RegexOptions.Compiled);

            [HttpGet("category")]
            public IActionResult Category([FromQuery, StringLength(32), RegularExpression("^[a-z-]+$")] string category) =>
                Ok(cache.GetOrCreate($"catalog:category:{category}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1; }));

            [HttpGet("sorted")]
            public IActionResult Sorted([FromQuery, AllowedValues("asc", "desc")] string direction = "asc") =>
                Ok(cache.GetOrCreate($"catalog:sorted:{direction}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1; }));

            [HttpPost("search")]
            public async Task<IActionResult> Search([FromBody] SearchRequest request, CancellationToken ct) =>
                Ok(await hybrid.GetOrCreateAsync($"catalog:search:{request.Term}:{request.Page}", _ => ValueTask.FromResult(0), cancellationToken: ct));

            [HttpGet("slug/{slug}")]
            public IActionResult BySlug(string slug)
            {
                if (slug.Length > 64 || !SlugPattern.IsMatch(slug))
                {
                    return BadRequest();
                }

                return Ok(cache.GetOrCreate($"catalog:slug:{slug}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1; }));
            }

            [HttpGet("code/{code}")]
            public IActionResult ByCode(string code)
            {
                if (code.Length is 0 or > 16 || !code.All(char.IsLetterOrDigit))
                {
                    return BadRequest();
                }

                return Ok(cache.GetOrCreate($"catalog:code:{code.ToUpperInvariant()}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1; }));
            }

            [HttpGet("find")]
            public IActionResult Find([FromQuery] string q)
            {
                var hash = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(q.Trim().ToLowerInvariant())));
                return Ok(cache.GetOrCreate($"catalog:find:{hash}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 1; }));
            }

            [HttpGet("sku/{sku:regex(^[[A-Z0-9]]+$):maxlength(16)}")]
            public IActionResult BySku(string sku) =>
                Ok(cache.GetOrCreate($"catalog:sku:{sku}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5); return 1; }));
        }

        public sealed class ProductPage(IMemoryCache cache) : PageModel
        {
            public int Views { get; private set; }

            public void OnGet(int id) =>
                Views = cache.GetOrCreate($"pages:product:{id}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 0; });
        }

        public sealed class PresenceHub(IMemoryCache cache) : Hub
        {
            public Task Ping()
            {
                cache.Set($"presence:{Context.UserIdentifier}", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
                return Task.CompletedTask;
            }
        }

        public static class ItemsApi
        {
            private static readonly Dictionary<string, string> Sorts = new(StringComparer.OrdinalIgnoreCase)
            {
                ["price"] = "price",
                ["name"] = "name",
            };

            public static void Map(WebApplication app) =>
                app.MapGet("/items/sorted", (string sort, IMemoryCache cache) =>
                {
                    if (!Sorts.TryGetValue(sort, out var column))
                    {
                        return Results.BadRequest();
                    }

                    return Results.Ok(cache.GetOrCreate($"items:sorted:{column}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return 0; }));
                });
        }
        """;

    public const string MiscShapes = """
        using Microsoft.Extensions.Hosting;

        namespace Realistic.Misc;

        public sealed record Rate(string Currency, decimal Value);

        public sealed class RatesRefresher(IMemoryCache cache) : BackgroundService
        {
            public const string RatesKey = "fx:rates";

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
                do
                {
                    cache.Set(RatesKey, new List<Rate> { new("EUR", 1m) });
                }
                while (await timer.WaitForNextTickAsync(stoppingToken));
            }
        }

        public sealed class SlidingWithCap(IMemoryCache cache)
        {
            public string Get(int id) => cache.GetOrCreate($"sliding:{id}", entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromMinutes(5);
                entry.AbsoluteExpiration = DateTimeOffset.UtcNow.AddHours(1);
                return id.ToString();
            })!;

            public void Put(int id, string value) =>
                cache.Set($"sliding-put:{id}", value, new MemoryCacheEntryOptions()
                    .SetSlidingExpiration(TimeSpan.FromMinutes(5))
                    .SetAbsoluteExpiration(DateTimeOffset.UtcNow.AddHours(1)));
        }

        public sealed class RedisMaintenance(IConnectionMultiplexer mux)
        {
            private const string Separator = ":";
            private readonly IDatabase _db = mux.GetDatabase();

            public async Task<long> PurgeSessionsAsync()
            {
                var server = mux.GetServer(mux.GetEndPoints()[0]);
                #pragma warning disable CACHE040 // maintenance job (would live under caching_architect.ops_tooling_paths)
                var keys = server.Keys(pattern: "sessions:*").ToArray();
                #pragma warning restore CACHE040
                return await _db.KeyDeleteAsync(keys);
            }

            public Task<RedisValue> OrderAsync(int userId, int orderId) =>
                _db.StringGetAsync("orders:" + userId + Separator + orderId);

            public Task<RedisValue> JoinedAsync(int tenantId, int id) =>
                _db.StringGetAsync(string.Join(':', "invoices", tenantId, id));
        }

        public sealed class MemcachedDates(IMemcachedClient client)
        {
            public object? Day(int storeId) => client.Get($"sales:{storeId}:{DateTime.UtcNow:yyyy-MM-dd}");

            public object? Guid(Guid id) => client.Get($"carts:{id:N}");
        }
        """;

    public const string TtlArithmeticShapes = """
        namespace Realistic.Ttl;

        public sealed class JitteredCache(IMemoryCache memory, IDistributedCache distributed, IMemcachedClient memcached)
        {
            private static readonly TimeSpan BaseTtl = TimeSpan.FromMinutes(10);

            public int Get(int id) => memory.GetOrCreate($"jitter:{id}", entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = BaseTtl + TimeSpan.FromSeconds(Random.Shared.Next(0, 30));
                return id;
            });

            public void PutUntilMidnight(int id) =>
                memory.Set($"midnight:{id}", id, new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero));

            public Task PutDistributedAsync(int id, CancellationToken ct) =>
                distributed.SetStringAsync($"jitter-d:{id}", id.ToString(), new DistributedCacheEntryOptions()
                    .SetSlidingExpiration(TimeSpan.FromMinutes(5))
                    .SetAbsoluteExpiration(TimeSpan.FromMinutes(Random.Shared.Next(50, 70))), ct);

            public bool PutLongLived(int id) =>
                memcached.Set($"archive:{id}", id, (int)TimeSpan.FromDays(45).TotalSeconds);
        }

        public sealed class RedisSets(IConnectionMultiplexer mux)
        {
            private readonly IDatabase _db = mux.GetDatabase(2);

            public async Task TrackAsync(string day, string visitor)
            {
                RedisKey key = $"visitors:{day}";
                await _db.SetAddAsync(key, visitor);
                await _db.KeyExpireAsync(key, DateTime.UtcNow.Date.AddDays(2));
            }

            public async Task AppendLogAsync(int jobId, string line)
            {
                var key = $"joblog:{jobId}";
                var batch = _db.CreateBatch();
                _ = batch.StringAppendAsync(key, line + "\n");
                _ = batch.KeyExpireAsync(key, TimeSpan.FromHours(6));
                batch.Execute();
                await Task.CompletedTask;
            }

            public Task<bool> NamedAsync(int id, string value) =>
                _db.StringSetAsync(key: $"named:{id}", value: value, expiry: TimeSpan.FromMinutes(5), when: When.Always);

            public async Task PutHashAsync(int id, string name)
            {
                var key = $"profiles:{id}";
                var tx = _db.CreateTransaction();
                tx.AddCondition(Condition.KeyNotExists(key));
                _ = tx.HashSetAsync(key, new[] { new HashEntry("name", name), new HashEntry("id", id) });
                _ = tx.KeyExpireAsync(key, TimeSpan.FromMinutes(30));
                await tx.ExecuteAsync();
            }
        }
        """;

    public const string KeyBuilderShapes = """
        namespace Realistic.Builders;

        public sealed class CacheKeyBuilder(string prefix)
        {
            public string For(int id) => $"{prefix}:{id}";

            public string For(int tenantId, int id) => $"{prefix}:{tenantId}:{id}";
        }

        public sealed record Country(string Code, string Name);

        public sealed class Countries(IMemoryCache cache, HybridCache hybrid, IFusionCache fusion, IConnectionMultiplexer mux)
        {
            private static readonly CacheKeyBuilder Orders = new("orders");
            private readonly IDatabase _db = mux.GetDatabase();

            public IReadOnlyList<Country> All() => cache.GetOrCreate("reference:countries", entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(12);
                return (IReadOnlyList<Country>)new[] { new Country("NL", "Netherlands") };
            })!;

            public Task<RedisValue> OrderAsync(int id) => _db.StringGetAsync(Orders.For(id));

            public Task<RedisValue> TenantOrderAsync(int tenantId, int id) => _db.StringGetAsync(Orders.For(tenantId, id));

            public async Task ClearAllAsync(int tenantId, CancellationToken ct)
            {
                await hybrid.RemoveByTagAsync($"tenant:{tenantId}", ct);
                await hybrid.RemoveByTagAsync("*", ct);
                await fusion.RemoveByTagAsync("*", token: ct);
                await fusion.ClearAsync(token: ct);
            }

            public Task<bool> DropCellAsync(int row, int col) => _db.KeyDeleteAsync($"matrix:cell:{row}x{col}");
        }
        """;

    public const string InflightAndEscapeShapes = """
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Realistic.Inflight;

        public sealed class Coalescer<T>
        {
            private static readonly ConcurrentDictionary<string, Lazy<Task<T>>> Inflight = new();

            public async Task<T> RunAsync(string key, Func<Task<T>> factory)
            {
                var lazy = Inflight.GetOrAdd(key, _ => new Lazy<Task<T>>(factory));
                try
                {
                    return await lazy.Value;
                }
                finally
                {
                    Inflight.TryRemove(key, out _);
                }
            }
        }

        public sealed class Confirmations(IMemoryCache cache, ILogger<Confirmations> logger)
        {
            public IResult Start(HttpContext http, string email)
            {
                var token = Guid.NewGuid().ToString("N");
                cache.Set($"confirm:{token}", email, TimeSpan.FromHours(1));
                logger.LogInformation("Confirmation issued for {Email}", email);
                return Results.Redirect($"/confirm/sent?t={token}");
            }

            public void Correlate(HttpContext http)
            {
                var correlationId = Guid.NewGuid().ToString();
                cache.Set($"correlation:{correlationId}", http.TraceIdentifier, TimeSpan.FromMinutes(1));
                http.Response.Headers["X-Correlation-Id"] = correlationId;
            }

            public void Background(string payload)
            {
                var id = Guid.NewGuid();
                cache.Set($"background:{id}", payload, TimeSpan.FromMinutes(10));
                _ = Task.Run(() => Process(id));
            }

            private void Process(Guid id) => logger.LogInformation("processing {Id}", id);
        }
        """;

    public const string OptionsMutationShapes = """
        using Microsoft.Extensions.Primitives;

        namespace Realistic.OptionsMutation;

        public sealed class Writers(IMemoryCache memory, IDistributedCache distributed)
        {
            private static readonly TimeSpan Cap = TimeSpan.FromHours(1);

            // Bulk writes jitter their TTL (a shared TTL would be CACHE006: synchronized expiry).
            public Task PutManyAsync(IReadOnlyList<int> ids, CancellationToken ct) =>
                Task.WhenAll(ids.Select(id => distributed.SetStringAsync($"many:{id}", id.ToString(), new DistributedCacheEntryOptions
                {
                    AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(Random.Shared.Next(0, 60)),
                }, ct)));

            public async Task PutLoopAsync(IReadOnlyList<int> ids, CancellationToken ct)
            {
                var options = new DistributedCacheEntryOptions();
                foreach (var id in ids)
                {
                    options.SetAbsoluteExpiration(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(Random.Shared.Next(0, 60)));
                    await distributed.SetStringAsync($"loop:{id}", id.ToString(), options, ct);
                }
            }

            public void PutSlidingWithDefaultCap(int id, TimeSpan? cap)
            {
                var options = new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(5) };
                options.AbsoluteExpirationRelativeToNow = cap ?? Cap;
                memory.Set($"sliding-cap:{id}", id, options);
            }

            public void PutWithTokens(int id, IChangeToken token) =>
                memory.Set($"tokens:{id}", id, new MemoryCacheEntryOptions
                {
                    ExpirationTokens = { token },
                    PostEvictionCallbacks = { new PostEvictionCallbackRegistration { EvictionCallback = (k, v, r, s) => Console.WriteLine(k) } },
                });

            public void PutEntryBlock(int id, MemoryCacheEntryOptions shared)
            {
                using (var entry = memory.CreateEntry($"block:{id}"))
                {
                    entry.Value = id;
                    entry.SetOptions(shared);
                }
            }
        }
        """;

    public const string LastShapes = """
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;

        namespace Realistic.Last;

        public sealed class RedisOptions
        {
            public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(10);
            public string InstanceName { get; set; } = "app:";
        }

        public sealed class Store(IConnectionMultiplexer mux, IOptions<RedisOptions> options, ILogger<Store> logger, IMemoryCache memory)
        {
            private readonly IDatabase _db = mux.GetDatabase();
            private readonly RedisOptions _options = options.Value;

            public Task<bool> PutAsync(string id, string value, TimeSpan? ttl = null) =>
                _db.StringSetAsync($"{_options.InstanceName}items:{id}", value, ttl ?? _options.DefaultTtl, When.Always);

            public async Task<TimeSpan?> RemainingAsync(string id)
            {
                var remaining = await _db.KeyTimeToLiveAsync($"{_options.InstanceName}items:{id}");
                if (remaining is { } left)
                {
                    logger.LogDebug("{Id} expires in {Minutes}m {Seconds}s", id, left.Minutes, left.Seconds);
                }

                return remaining;
            }

            public int Sliding(int id, TimeSpan? cap)
            {
                var entryOptions = new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2) };
                entryOptions.AbsoluteExpirationRelativeToNow ??= cap ?? TimeSpan.FromHours(1);
                return memory.Set($"sliding:{id}", id, entryOptions);
            }
        }
        """;

    public static TheoryData<string> Sources => new()
    {
        nameof(CacheAsideHelpers),
        nameof(RedisPatterns),
        nameof(WebKeys),
        nameof(OtherBackends),
        nameof(HarderShapes),
        nameof(KeyEdgeShapes),
        nameof(ExpirationEdgeShapes),
        nameof(MintedIdShapes),
        nameof(ValidatedInputShapes),
        nameof(MiscShapes),
        nameof(TtlArithmeticShapes),
        nameof(KeyBuilderShapes),
        nameof(InflightAndEscapeShapes),
        nameof(OptionsMutationShapes),
        nameof(LastShapes),
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Realistic_caching_code_has_no_diagnostics(string name)
    {
        var source = (string)typeof(RealisticCleanCodeTests).GetField(name)!.GetValue(null)!;
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(source, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
