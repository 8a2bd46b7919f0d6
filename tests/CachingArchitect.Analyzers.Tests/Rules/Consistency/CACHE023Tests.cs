using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Consistency.DistributedCacheNotDistributedAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Consistency;

public class CACHE023Tests
{
    private const string Plain = "'AddDistributedMemoryCache' registers an IDistributedCache that keeps entries in the memory of each app instance: with more than one instance the caches diverge; register a shared provider (AddStackExchangeRedisCache, AddDistributedSqlServerCache…) or guard it with IsDevelopment()";
    private const string WithHybrid = "'AddDistributedMemoryCache' registers an IDistributedCache that keeps entries in the memory of each app instance: with more than one instance the caches diverge, and HybridCache recognizes MemoryDistributedCache and runs without any L2; register a shared provider (AddStackExchangeRedisCache, AddDistributedSqlServerCache…) or guard it with IsDevelopment()";

    private static string Program(string body) => $$"""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                {{body}}
                var app = builder.Build();
                app.Run();
            }
        }
        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Unguarded_distributed_memory_cache() => VerifyCS.VerifyAsync(Program("""
        builder.Services.{|#0:AddDistributedMemoryCache|}();
        builder.Services.AddSession();
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments(Plain));

    [Fact]
    public Task Hybrid_cache_over_the_distributed_memory_cache() => VerifyCS.VerifyAsync(Program("""
        builder.Services.{|#0:AddDistributedMemoryCache|}();
        builder.Services.{|#1:AddHybridCache|}();
        """), VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(WithHybrid));

    [Fact]
    public Task Registration_in_a_startup_class() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                services.AddMemoryCache();
                services.{|#0:AddDistributedMemoryCache|}(options => options.SizeLimit = 100_000);
            }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments(Plain));

    [Fact]
    public Task Guard_for_production_does_not_protect() => VerifyCS.VerifyAsync(Program("""
        if (builder.Environment.IsProduction())
        {
            builder.Services.AddResponseCompression();
        }

        builder.Services.{|#0:AddDistributedMemoryCache|}();
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments(Plain));

    // ------------------------------------------------------------------ does not trigger (looks like it, but is fine)

    [Fact]
    public Task Guarded_by_IsDevelopment() => VerifyCS.VerifyAsync(Program("""
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddDistributedMemoryCache();
        }
        else
        {
            builder.Services.AddStackExchangeRedisCache(o => o.Configuration = builder.Configuration.GetConnectionString("Redis"));
        }
        """));

    [Fact]
    public Task Memory_fallback_in_the_else_branch_of_a_production_check() => VerifyCS.VerifyAsync(Program("""
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.AddStackExchangeRedisCache(o => o.Configuration = builder.Configuration.GetConnectionString("Redis"));
        }
        else
        {
            builder.Services.AddDistributedMemoryCache();
        }
        """));

    [Fact]
    public Task Guarded_by_an_environment_name_check() => VerifyCS.VerifyAsync(Program("""
        if (builder.Environment.EnvironmentName == "Testing")
        {
            builder.Services.AddDistributedMemoryCache();
        }
        """));

    [Fact]
    public Task Guarded_by_if_debug() => VerifyCS.VerifyAsync(Program("""
        #if DEBUG
        builder.Services.AddDistributedMemoryCache();
        #else
        builder.Services.AddStackExchangeRedisCache(o => o.Configuration = "redis:6379");
        #endif
        """));

    [Fact]
    public Task Real_provider_registered_as_well() => VerifyCS.VerifyAsync(Program("""
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddStackExchangeRedisCache(o => o.Configuration = builder.Configuration.GetConnectionString("Redis"));
        builder.Services.AddHybridCache();
        """));

    [Fact]
    public Task Memory_fallback_when_no_connection_string_is_configured() => VerifyCS.VerifyAsync(Program("""
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrEmpty(redis))
        {
            builder.Services.AddDistributedMemoryCache();
        }
        else
        {
            builder.Services.AddStackExchangeRedisCache(o => o.Configuration = redis);
        }
        """));

    [Fact]
    public Task Environment_specific_startup_method() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;

        public class Startup
        {
            public void ConfigureDevelopmentServices(IServiceCollection services) => services.AddDistributedMemoryCache();
        }
        """);

    [Fact]
    public Task Single_instance_marker() => VerifyCS.VerifyAsync(
        Program("builder.Services.AddDistributedMemoryCache();"),
        "caching_architect.single_instance = true",
        RedisVersion.V3);

    [Fact]
    public Task Test_projects_are_exempt() => VerifyCS.VerifyWithReferencesAsync(
        Program("builder.Services.AddDistributedMemoryCache();"),
        null,
        new[] { TestReferences.XunitCore });

    [Fact]
    public Task Hybrid_cache_with_a_real_l2_only() => VerifyCS.VerifyAsync(Program("""
        builder.Services.AddStackExchangeRedisCache(o => o.Configuration = "redis:6379,abortConnect=false");
        builder.Services.AddHybridCache();
        """));
}
