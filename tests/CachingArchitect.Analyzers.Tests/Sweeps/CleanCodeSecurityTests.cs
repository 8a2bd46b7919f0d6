using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the Security family (CACHE050–054): idiomatic, correct code around per-user caching, cache serialization,
/// Redis connections, admin commands and purge endpoints yields zero diagnostics from every analyzer and compiles cleanly.
/// </summary>
public class CleanCodeSecurityTests
{
    public const string IdiomaticSecurity = """
        using System.Security.Claims;
        using System.Text.Json;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.OutputCaching;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        namespace Shop.Security;

        public sealed record Order(int Id, string UserId, decimal Total);

        public interface IOrderStore
        {
            Task<List<Order>> ForUserAsync(string userId, CancellationToken ct);
            Task<List<Order>> RecentAsync(CancellationToken ct);
        }

        public interface ITenantContext { string TenantId { get; } }

        public static class CacheTtl
        {
            public static readonly TimeSpan Orders = TimeSpan.FromMinutes(2);
        }

        [ApiController]
        [Authorize]
        [Route("orders")]
        public sealed class OrdersController(HybridCache cache, IOrderStore store, ILogger<OrdersController> logger) : ControllerBase
        {
            [HttpGet("mine")]
            public async Task<List<Order>> Mine(CancellationToken ct)
            {
                var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedAccessException();
                return await cache.GetOrCreateAsync(
                    $"shop:orders:user:{userId}",
                    async cancel => await store.ForUserAsync(userId, cancel),
                    new HybridCacheEntryOptions { Expiration = CacheTtl.Orders },
                    cancellationToken: ct);
            }

            [HttpGet("recent")]
            public async Task<List<Order>> Recent(CancellationToken ct) =>
                await cache.GetOrCreateAsync(
                    "shop:orders:recent",
                    async cancel =>
                    {
                        if (!User.IsInRole("staff"))
                        {
                            throw new UnauthorizedAccessException();
                        }

                        logger.LogInformation("Recent orders cache miss for {User}", User.Identity?.Name);
                        return await store.RecentAsync(cancel);
                    },
                    new HybridCacheEntryOptions { Expiration = CacheTtl.Orders },
                    cancellationToken: ct);

            [HttpDelete("cache/{id:int}")]
            public async Task<IActionResult> Evict(int id, CancellationToken ct)
            {
                await cache.RemoveAsync($"shop:order:{id}", ct);
                return NoContent();
            }
        }

        public sealed class TenantSettings(IDistributedCache cache, ITenantContext tenant)
        {
            public async Task<Dictionary<string, string>?> GetAsync(CancellationToken ct)
            {
                var key = $"shop:settings:{tenant.TenantId}";
                var bytes = await cache.GetAsync(key, ct);
                return bytes is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(bytes);
            }

            public Task SetAsync(Dictionary<string, string> settings, CancellationToken ct) =>
                cache.SetAsync(
                    $"shop:settings:{tenant.TenantId}",
                    JsonSerializer.SerializeToUtf8Bytes(settings),
                    new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) },
                    ct);
        }

        public static class RedisSetup
        {
            public static IConnectionMultiplexer Connect(IHostEnvironment env, IConfiguration config)
            {
                if (env.IsDevelopment())
                {
                    return ConnectionMultiplexer.Connect("localhost:6379,abortConnect=false");
                }

                var options = ConfigurationOptions.Parse(config.GetConnectionString("Redis")!);
                options.Ssl = true;
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            }
        }

        public static class PurgeEndpoints
        {
            public static void Map(WebApplication app)
            {
                var admin = app.MapGroup("/admin/cache").RequireAuthorization("cache-admin");
                admin.MapPost("/purge/{tag:alpha:maxlength(40)}", async (string tag, IOutputCacheStore store, CancellationToken ct) =>
                {
                    await store.EvictByTagAsync(tag, ct);
                    return Results.NoContent();
                });
            }
        }
        """;

    [Fact]
    public async Task Idiomatic_security_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticSecurity, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
