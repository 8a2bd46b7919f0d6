using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.HotConstantKeyAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Performance;

public class CACHE044Tests
{
    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Constant_key_reads_in_a_controller(RedisVersion redis) => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class HomeController : ControllerBase
        {
            private const string BannerKey = "site:banner";
            private static readonly string MenuKey = "site:menu";
            private readonly IDatabase _db;
            private readonly IDistributedCache _cache;

            public HomeController(IDatabase db, IDistributedCache cache)
            {
                _db = db;
                _cache = cache;
            }

            [HttpGet("/")]
            public async Task<IActionResult> Index()
            {
                var banner = await _db.{|#0:StringGetAsync|}(BannerKey);
                var menu = await _db.[|HashGetAllAsync|](MenuKey);
                var footer = await _cache.[|GetStringAsync|]("site:footer");
                return Ok(banner.ToString() + menu.Length + footer);
            }
        }
        """, null, redis,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'StringGetAsync' reads the constant key 'site:banner' from Redis on every request: a hot key that sends all traffic to one shard; put an in-process tier in front (HybridCache, FusionCache or IMemoryCache with a short TTL)"));

    [Fact]
    public Task Constant_key_read_in_minimal_api_and_middleware() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/config", async (IDistributedCache cache) => await cache.[|GetAsync|]("app:config"));
        }

        public sealed class MaintenanceMiddleware
        {
            private readonly RequestDelegate _next;
            public MaintenanceMiddleware(RequestDelegate next) => _next = next;

            public async Task InvokeAsync(HttpContext context, IMemcachedClient memcached)
            {
                var flag = await memcached.[|GetValueAsync<string>|]("app:maintenance");
                await _next(context);
            }
        }
        """);

    [Fact]
    public Task Does_not_trigger() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Mvc;

        public class HomeController : ControllerBase
        {
            private readonly IDatabase _db;
            private readonly IMemoryCache _memory;
            private readonly HybridCache _hybrid;
            public HomeController(IDatabase db, IMemoryCache memory, HybridCache hybrid) { _db = db; _memory = memory; _hybrid = hybrid; }

            // Per-entity keys are not hot.
            [HttpGet("users/{id:int}")]
            public async Task<IActionResult> User(int id) => Ok((await _db.StringGetAsync($"user:{id}")).ToString());

            // A local tier in front.
            [HttpGet("banner")]
            public async Task<IActionResult> Banner() =>
                Ok(await _memory.GetOrCreateAsync("l1:banner", async e =>
                {
                    e.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(10);
                    return (await _db.StringGetAsync("site:banner")).ToString();
                }));

            // Read inside a HybridCache factory.
            [HttpGet("menu")]
            public async Task<IActionResult> Menu() =>
                Ok(await _hybrid.GetOrCreateAsync("site:menu", async ct => (await _db.StringGetAsync("site:menu")).ToString()));

            // A counter: the key is written on the same path.
            [HttpPost("hits")]
            public async Task<IActionResult> Hit()
            {
                await _db.StringIncrementAsync("site:hits");
                return Ok((await _db.StringGetAsync("site:hits")).ToString());
            }
        }

        // Off the request path.
        public sealed class Warmup
        {
            public Task<RedisValue> Load(IDatabase db) => db.StringGetAsync("site:banner");
        }
        """);
}
