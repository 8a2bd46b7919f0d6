using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Configuration;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.SizeLimitOnSharedMemoryCacheAnalyzer>;
using VerifyEf = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.EntityFrameworkSharedMemoryCacheAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

public class CACHE070Tests
{
    private const string Tail = " on the shared DI IMemoryCache: every entry anyone adds to it (your code, HybridCache's L1, libraries) must then set Size or the write throws; give the bounded cache its own MemoryCache type instead";

    private const string EfMessage = "'AddEntityFrameworkSqlServer' registers EF Core's MemoryCache { SizeLimit = 10240 } as the application's IMemoryCache: it runs before any other IMemoryCache registration, so the application's shared cache is size-limited and every entry without Size throws; call AddMemoryCache() before it, or let EF Core keep its services internal (AddDbContext without AddEntityFramework…)";

    private static DiagnosticResult At(int location, string reason) => VerifyCS.Diagnostic().WithLocation(location).WithArguments(reason + Tail);

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task AddMemoryCache_with_SizeLimit_in_program_setup() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        static class Program
        {
            static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.{|#0:AddMemoryCache|}(options =>
                {
                    options.SizeLimit = 1024;
                    options.CompactionPercentage = 0.25;
                });
                builder.Build().Run();
            }
        }
        """,
        At(0, "'AddMemoryCache' sets SizeLimit"));

    [Fact]
    public Task Configure_MemoryCacheOptions_with_SizeLimit_in_an_extension_method() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class CachingSetup
        {
            public static IServiceCollection AddCaching(this IServiceCollection services)
            {
                services.AddMemoryCache();
                services.{|#0:Configure<MemoryCacheOptions>|}(o => o.SizeLimit = 50_000);
                return services;
            }
        }
        """,
        At(0, "'Configure<MemoryCacheOptions>' sets SizeLimit"));

    [Fact]
    public Task Replaced_IMemoryCache_service_created_with_SizeLimit() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class CachingSetup
        {
            public static void Register(IServiceCollection services)
            {
                services.{|#0:AddSingleton<IMemoryCache>|}(_ => new MemoryCache(new MemoryCacheOptions { SizeLimit = 500 }));
            }
        }
        """,
        At(0, "'AddSingleton' sets SizeLimit"));

    [Fact]
    public Task AddMemoryCache_bound_to_a_section_that_sets_SizeLimit_in_appsettings() =>
        ConfigurationTestSupport.VerifyAsync<SizeLimitOnSharedMemoryCacheAnalyzer>(
            """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            public static class CachingSetup
            {
                public static void Register(IServiceCollection services, IConfiguration configuration)
                {
                    services.{|#0:AddMemoryCache|}(o => configuration.GetSection("MemoryCache").Bind(o));
                    services.{|#1:Configure<MemoryCacheOptions>|}(configuration.GetSection("Caching").GetSection("Memory"));
                }
            }
            """,
            additionalFiles: new[]
            {
                ("/0/appsettings.json", """
                    {
                      // in-process cache
                      "MemoryCache": { "SizeLimit": 2048, "CompactionPercentage": 0.2 },
                      "Caching": { "Memory": { "sizelimit": 100 } }
                    }
                    """),
            },
            expected: new[]
            {
                At(0, "'AddMemoryCache' binds 'MemoryCache:SizeLimit' = 2048 from appsettings.json"),
                At(1, "'Configure<MemoryCacheOptions>' binds 'Caching:Memory:SizeLimit' = 100 from appsettings.json"),
            });

    [Fact]
    public Task AddEntityFramework_provider_before_AddMemoryCache() =>
        ConfigurationTestSupport.VerifyAsync<EntityFrameworkSharedMemoryCacheAnalyzer>(
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                {
                    services.{|#0:AddEntityFrameworkSqlServer|}();
                    services.AddMemoryCache();
                }
            }
            """,
            references: new[] { ConfigurationTestSupport.EntityFrameworkSqlServer },
            expected: new[] { VerifyEf.Diagnostic().WithLocation(0).WithArguments(EfMessage) });

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Dedicated_size_limited_cache_type_is_the_documented_pattern() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public sealed class ThumbnailCache
        {
            public MemoryCache Cache { get; } = new MemoryCache(new MemoryCacheOptions { SizeLimit = 1024 });
        }

        public static class CachingSetup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddMemoryCache();
                services.AddSingleton<ThumbnailCache>();
                services.AddSingleton(new MemoryCache(new MemoryCacheOptions { SizeLimit = 64 }));
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_options_without_a_limit_and_null_limit() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class CachingSetup
        {
            public static void Register(IServiceCollection services, bool bounded)
            {
                services.AddMemoryCache(o =>
                {
                    o.ExpirationScanFrequency = TimeSpan.FromMinutes(1);
                    o.TrackStatistics = true;
                });
                services.Configure<MemoryCacheOptions>(o => o.SizeLimit = null);
                services.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions { CompactionPercentage = 0.1 }));
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_named_options_and_a_private_container() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public static class CachingSetup
        {
            public static void Register(IServiceCollection services)
            {
                // Named options configure another MemoryCache instance, not the default one.
                services.Configure<MemoryCacheOptions>("thumbnails", o => o.SizeLimit = 100);
            }

            public static ServiceProvider BuildIsolatedProvider()
            {
                var isolated = new ServiceCollection();
                isolated.AddMemoryCache(o => o.SizeLimit = 10);
                return isolated.BuildServiceProvider();
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_bound_section_without_SizeLimit() =>
        ConfigurationTestSupport.VerifyAsync<SizeLimitOnSharedMemoryCacheAnalyzer>(
            """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            public static class CachingSetup
            {
                public static void Register(IServiceCollection services, IConfiguration configuration)
                {
                    services.AddMemoryCache(o => configuration.GetSection("MemoryCache").Bind(o));
                }
            }
            """,
            additionalFiles: new[]
            {
                ("/0/appsettings.json", """{ "MemoryCache": { "CompactionPercentage": 0.2 }, "Other": { "SizeLimit": 5 } }"""),
                ("/0/settings.json", """{ "MemoryCache": { "SizeLimit": 5 } }"""),
            });

    [Fact]
    public Task AddEntityFramework_after_AddMemoryCache_or_in_another_method_is_not_reported() =>
        ConfigurationTestSupport.VerifyAsync<EntityFrameworkSharedMemoryCacheAnalyzer>(
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void ConfigureServices(IServiceCollection services)
                {
                    services.AddMemoryCache();
                    services.AddEntityFrameworkSqlServer();
                }

                public static void ConfigureOther(IServiceCollection services)
                {
                    services.AddEntityFrameworkSqlServer();
                    AddInfrastructure(services);
                }

                private static void AddInfrastructure(IServiceCollection services) => services.AddRazorPages();

                // EF Core's own internal provider: not the application's container.
                public static System.IServiceProvider InternalProvider() =>
                    new ServiceCollection().AddEntityFrameworkSqlServer().BuildServiceProvider();
            }
            """,
            references: new[] { ConfigurationTestSupport.EntityFrameworkSqlServer });
}
