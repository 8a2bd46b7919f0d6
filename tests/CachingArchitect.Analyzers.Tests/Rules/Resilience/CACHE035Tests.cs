using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Resilience.PerCallCacheInstanceAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Resilience;

public class CACHE035Tests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(source, expected);

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task New_MemoryCache_in_a_controller_action() => Verify("""
        using Microsoft.AspNetCore.Mvc;

        public class ProductsController : ControllerBase
        {
            [HttpGet]
            public string Get(int id)
            {
                using var cache = new {|#0:MemoryCache|}(new MemoryCacheOptions());
                return cache.GetOrCreate($"p:{id}", e => { e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1); return "p" + id; })!;
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("A new MemoryCache is created on the request path (once per request): it starts its own expiration timer, must be disposed and never returns a hit; create one instance and share it (a singleton registration or a static field)"));

    [Fact]
    public Task Runtime_caching_and_memcached_in_minimal_api_and_page_handler() => Verify("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/a", () => new [|System.Runtime.Caching.MemoryCache|]("a").GetCount());
        }

        public class IndexModel : PageModel
        {
            public void OnGet()
            {
                var client = new [|MemcachedClient|]();
                client.Get("x");
            }
        }
        """);

    [Fact]
    public Task Constructor_of_a_controller_and_field_initializer() => Verify("""
        using Microsoft.AspNetCore.Mvc;

        public class CartController : ControllerBase
        {
            private readonly IMemoryCache _a = new [|MemoryCache|](new MemoryCacheOptions());
            private readonly IMemoryCache _b;

            public CartController() => _b = new [|MemoryCache|](new MemoryCacheOptions());
        }
        """);

    [Fact]
    public Task Property_getter_creating_per_access() => Verify("""
        public sealed class Settings
        {
            public IMemoryCache Cache => new [|MemoryCache|](new MemoryCacheOptions());
            public static IMemcachedClient Client { get { return new [|MemcachedClient|](); } }
        }
        """);

    [Fact]
    public Task Scoped_and_transient_registrations() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class PriceCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100 });
        }

        static class Registration
        {
            public static void Add(IServiceCollection services)
            {
                services.[|AddScoped|]<IMemoryCache, MemoryCache>();
                services.[|AddTransient|]<IMemcachedClient>(sp => new MemcachedClient());
                services.[|AddScoped|]<PriceCache>();
                services.AddScoped(sp => new Wrapper(new [|MemoryCache|](new MemoryCacheOptions())));
            }
        }

        public sealed record Wrapper(IMemoryCache Cache);
        """);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Static_and_singleton_fields() => Verify("""
        using Microsoft.AspNetCore.Mvc;

        public class ProductsController : ControllerBase
        {
            private static readonly MemoryCache Local = new(new MemoryCacheOptions { SizeLimit = 1024 });
            private static IMemcachedClient? _client;
            private static readonly System.Runtime.Caching.MemoryCache Legacy = new("legacy");

            [HttpGet]
            public object? Get(string key) => (_client ??= new MemcachedClient()).Get(key) ?? Local.Get(key);
        }
        """);

    [Fact]
    public Task Singleton_factories() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class PriceCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100 });
            public IMemoryCache Cache => _cache;
        }

        static class Registration
        {
            public static void Add(IServiceCollection services)
            {
                services.AddSingleton<IMemoryCache>(sp => new MemoryCache(new MemoryCacheOptions { SizeLimit = 1000 }));
                services.AddKeyedSingleton<IMemoryCache>("prices", (sp, key) => new MemoryCache(new MemoryCacheOptions()));
                services.AddSingleton<PriceCache>();
                services.AddSingleton<IMemcachedClient, MemcachedClient>();
            }
        }
        """);

    [Fact]
    public Task Test_projects_are_not_analyzed() => VerifyCS.VerifyWithReferencesAsync("""
        public class CacheTests
        {
            [Xunit.Fact]
            public void Evicts()
            {
                using var cache = new MemoryCache(new MemoryCacheOptions());
                cache.Set("k", 1, TimeSpan.FromSeconds(1));
            }
        }
        """, null, new[] { TestReferences.XunitCore });

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Lazily_initialized_property_and_Lazy_field() => Verify("""
        public sealed class LocalCaches
        {
            private MemoryCache? _prices;
            private readonly Lazy<IMemoryCache> _lazy = new(() => new MemoryCache(new MemoryCacheOptions()));

            public IMemoryCache Prices
            {
                get
                {
                    if (_prices is null)
                    {
                        _prices = new MemoryCache(new MemoryCacheOptions { SizeLimit = 500 });
                    }

                    return _prices;
                }
            }

            public IMemoryCache Other => _lazy.Value;
        }
        """);

    [Fact]
    public Task Service_constructor_with_unknown_or_singleton_lifetime() => Verify("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class TokenCache : IDisposable
        {
            private readonly MemoryCache _cache;
            public TokenCache() => _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 1000 });
            public void Dispose() => _cache.Dispose();
        }

        static class Registration
        {
            public static void Add(IServiceCollection services)
            {
                services.AddMemoryCache();
                services.AddSingleton<TokenCache>();
                services.AddScoped<Consumer>();
            }
        }

        public sealed class Consumer
        {
            public Consumer(IMemoryCache cache, TokenCache tokens) { }
        }
        """);

    [Fact]
    public Task Helper_method_and_background_service_creating_a_working_cache() => Verify("""
        using Microsoft.Extensions.Hosting;

        public static class CacheFactory
        {
            public static IMemoryCache Create(long size) => new MemoryCache(new MemoryCacheOptions { SizeLimit = size });
        }

        public sealed class Warmer : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var scratch = new MemoryCache(new MemoryCacheOptions());
                await Task.Delay(1000, stoppingToken);
            }
        }
        """);
}
