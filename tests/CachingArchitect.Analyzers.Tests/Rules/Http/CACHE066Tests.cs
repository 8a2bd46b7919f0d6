using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = CachingArchitect.Analyzers.Rules.Http.IneffectiveHttpCachingAnalyzer;
using EndAnalyzer = CachingArchitect.Analyzers.Rules.Http.ResponseCachingOnlyAnalyzer;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.IneffectiveHttpCachingAnalyzer,
    CachingArchitect.CodeFixes.Rules.Http.IneffectiveHttpCachingCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE066Tests
{
    private const string Locking = "'SetLocking(false)' turns off the output cache's request coalescing: on a miss every concurrent request runs the endpoint, a stampede on the origin; keep the default locking unless the endpoint does no I/O";

    private static DiagnosticResult Diagnostic(int location) => VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Verifier<Analyzer>.VerifyAsync(HttpSources.Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyEnd(string source, params DiagnosticResult[] expected) =>
        Verifier<EndAnalyzer>.VerifyAsync(HttpSources.Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyFix(string source, string fixedSource, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyFixAsync(HttpSources.Usings + source, HttpSources.Usings + fixedSource, expected);

    private static string Handler(string method, string type) =>
        $"[ResponseCache] on the Razor Pages handler '{method}' is ignored: attributes can't be applied to handler methods; put it on the page model class '{type}'";

    // ------------------------------------------------------------------ (a) [ResponseCache] on a Razor Pages handler

    [Fact]
    public Task Response_cache_on_page_handler_moves_to_the_page_model() => VerifyFix("""
        public class IndexModel : PageModel
        {
            [{|#0:ResponseCache(Duration = 60, Location = ResponseCacheLocation.Any)|}]
            public void OnGet()
            {
            }
        }
        """, """
        [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Any)]
        public class IndexModel : PageModel
        {
            public void OnGet()
            {
            }
        }
        """,
        Diagnostic(0).WithArguments(Handler("OnGet", "IndexModel")));

    [Fact]
    public Task Fix_all_moves_the_attribute_of_each_page_and_keeps_other_attributes() => VerifyFix("""
        [Authorize]
        public class OrdersModel : PageModel
        {
            [{|#0:ResponseCache(NoStore = true)|}, HttpGet]
            public Task OnGetAsync() => Task.CompletedTask;
        }

        public class ProductsModel : PageModel
        {
            [{|#1:ResponseCache(Duration = 300)|}]
            [ValidateAntiForgeryToken]
            public IActionResult OnGetList() => new EmptyResult();
        }
        """, """
        [ResponseCache(NoStore = true)]
        [Authorize]
        public class OrdersModel : PageModel
        {
            [HttpGet]
            public Task OnGetAsync() => Task.CompletedTask;
        }

        [ResponseCache(Duration = 300)]
        public class ProductsModel : PageModel
        {
            [ValidateAntiForgeryToken]
            public IActionResult OnGetList() => new EmptyResult();
        }
        """,
        Diagnostic(0).WithArguments(Handler("OnGetAsync", "OrdersModel")),
        Diagnostic(1).WithArguments(Handler("OnGetList", "ProductsModel")));

    [Fact]
    public Task Two_handlers_with_their_own_settings_are_reported_without_a_fix() => Verify("""
        public class CatalogModel : PageModel
        {
            [{|#0:ResponseCache(Duration = 60)|}]
            public void OnGet() { }

            [{|#1:ResponseCache(NoStore = true)|}]
            public void OnGetPreview() { }
        }
        """,
        Diagnostic(0).WithArguments(Handler("OnGet", "CatalogModel")),
        Diagnostic(1).WithArguments(Handler("OnGetPreview", "CatalogModel")));

    [Fact]
    public Task Response_cache_on_the_page_model_or_a_controller_action_is_fine() => Verify("""
        [ResponseCache(Duration = 60)]
        public class IndexModel : PageModel
        {
            public void OnGet() { }
        }

        public class ProductsController : Controller
        {
            [ResponseCache(Duration = 60)]
            public IActionResult Index() => View();
        }

        public class HelperModel : PageModel
        {
            [ResponseCache(Duration = 60)]
            private void OnHelper() { }
        }
        """);

    // ------------------------------------------------------------------ (c) SetLocking(false)

    [Fact]
    public Task Named_policy_without_locking() => Verify("""
        public static class Setup
        {
            public static void Configure(IServiceCollection services) =>
                services.AddOutputCache(o => o.AddPolicy("reports", b => b.Expire(TimeSpan.FromMinutes(5)).{|#0:SetLocking|}(false)));
        }
        """,
        Diagnostic(0).WithArguments(Locking));

    [Fact]
    public Task Inline_policy_without_locking_on_an_endpoint_that_queries() => Verify("""
        public interface IReportService { Task<string> BuildAsync(); }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/reports", async (IReportService reports) => await reports.BuildAsync())
                   .CacheOutput(b => b.{|#0:SetLocking|}(false));
        }
        """,
        Diagnostic(0).WithArguments(Locking));

    [Fact]
    public Task Locking_kept_or_disabled_on_an_endpoint_without_io_is_fine() => Verify("""
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/version", () => "1.2.3").CacheOutput(b => b.SetLocking(false));
                app.MapGet("/time", () => DateTime.UtcNow.ToString("O")).CacheOutput(b => b.Expire(TimeSpan.FromSeconds(1)).SetLocking(true));
                app.MapGet("/default", () => "x").CacheOutput(b => b.Expire(TimeSpan.FromMinutes(1)));
            }
        }
        """);

    // ------------------------------------------------------------------ (d) IOutputCacheStore over IDistributedCache

    [Fact]
    public Task Output_cache_store_over_distributed_cache() => Verify("""
        public sealed class {|#0:DistributedOutputCacheStore|}(IDistributedCache cache) : IOutputCacheStore
        {
            public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => await cache.GetAsync(key, cancellationToken);

            public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
                await cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = validFor }, cancellationToken);
        }
        """,
        Diagnostic(0).WithArguments("'DistributedOutputCacheStore' implements IOutputCacheStore over IDistributedCache, which has no atomic operations: tag eviction (EvictByTagAsync) cannot be made reliable; use the Redis output-cache store (AddStackExchangeRedisOutputCache) or a store with native tagging"));

    [Fact]
    public Task Output_cache_store_over_redis_is_fine() => Verify("""
        public sealed class RedisOutputCacheStore(IConnectionMultiplexer redis) : IOutputCacheStore
        {
            public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
                await redis.GetDatabase().KeyDeleteAsync("tag:" + tag);

            public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => await redis.GetDatabase().StringGetAsync(key);

            public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
                await redis.GetDatabase().StringSetAsync(key, value, validFor);
        }
        """);

    // ------------------------------------------------------------------ (b) response caching as the only server-side cache

    [Fact]
    public Task Response_caching_as_the_only_server_cache() => VerifyEnd("""
        public static class Pipeline
        {
            public static void Configure(WebApplication app)
            {
                app.UseCors();
                app.{|#0:UseResponseCaching|}();
                app.MapGet("/products", () => "all");
            }
        }
        """,
        Verifier<EndAnalyzer>.Diagnostic().WithLocation(0).WithArguments("'UseResponseCaching' is the only server-side HTTP cache: any client bypasses it with 'Cache-Control: no-cache' and the server has no control over what is cached; to shield the origin use output caching (AddOutputCache/UseOutputCache)"));

    [Fact]
    public Task Response_caching_next_to_output_caching_is_fine() => VerifyEnd("""
        public static class Pipeline
        {
            public static void Configure(WebApplication app)
            {
                app.UseResponseCaching();
                app.UseOutputCache();
                app.MapGet("/products", () => "all").CacheOutput();
            }
        }
        """);
}
