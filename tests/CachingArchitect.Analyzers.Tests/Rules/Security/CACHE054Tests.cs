using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.UnauthenticatedPurgeEndpointAnalyzer>;
using VerifyUnprotected = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.UnprotectedPurgeEndpointAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Security;

public class CACHE054Tests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.OutputCaching;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Extensions.DependencyInjection;

        """;

    // Endpoints without any authorization metadata are judged at compilation end (UnprotectedPurgeEndpointAnalyzer); the live
    // analyzer must stay silent on them.
    private static async Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        await VerifyUnprotected.VerifyAsync(Usings + source, null, RedisVersion.V3, expected);
        await VerifyCS.VerifyAsync(Usings + source, null, RedisVersion.V3);
    }

    // Endpoints that explicitly allow anonymous access are reported live (UnauthenticatedPurgeEndpointAnalyzer).
    private static async Task VerifyAnonymous(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        await VerifyCS.VerifyAsync(Usings + source, null, RedisVersion.V3, expected);
        await VerifyUnprotected.VerifyAsync(Usings + source, null, RedisVersion.V3);
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Purge(int location, string what, bool anonymous = false) =>
        VerifyCS.Diagnostic().WithLocation(location).WithArguments(what, anonymous ? " (the endpoint explicitly allows anonymous access)" : "");

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Minimal_api_purge_by_route_tag_without_authorization() => Verify("""
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/purge/{tag}", async (string tag, IOutputCacheStore store, CancellationToken ct) =>
                {
                    await store.{|#0:EvictByTagAsync|}(tag, ct);
                    return Results.NoContent();
                });
                app.MapDelete("/cache/{key}", (string key, HybridCache cache) => cache.{|#1:RemoveAsync|}(key));
                app.MapDelete("/cache/tags/{tag}", (string tag, HybridCache cache) => cache.{|#2:RemoveByTagAsync|}(tag));
            }
        }
        """,
        Purge(0, "'EvictByTagAsync' with a tag taken from the request"),
        Purge(1, "'RemoveAsync' with a key taken from the request"),
        Purge(2, "'RemoveByTagAsync' with a tag taken from the request"));

    [Fact]
    public Task Controller_action_purges_redis_and_distributed_keys_from_query_and_route() => Verify("""
        [ApiController]
        public class CacheController(IDatabase db, IDistributedCache cache) : ControllerBase
        {
            [HttpDelete("cache/{id:int}")]
            public IActionResult Delete(int id)
            {
                db.{|#0:KeyDelete|}($"product:{id}");
                return NoContent();
            }

            [HttpPost("cache/evict")]
            public async Task<IActionResult> Evict([FromQuery] string key)
            {
                await cache.{|#1:RemoveAsync|}("page:" + key);
                return NoContent();
            }
        }
        """,
        Purge(0, "'KeyDelete' with a key taken from the request"),
        Purge(1, "'RemoveAsync' with a key taken from the request"));

    [Fact]
    public Task Explicit_allow_anonymous_is_reported_even_with_fallback_policy() => VerifyAnonymous("""
        public static class Endpoints
        {
            public static void Map(WebApplicationBuilder builder, WebApplication app)
            {
                builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                app.MapPost("/purge/{tag}", (string tag, IFusionCache cache) => cache.{|#0:RemoveByTagAsync|}(tag)).{|#1:AllowAnonymous|}();
            }
        }

        public class FlushController(IFusionCache cache) : ControllerBase
        {
            [{|#3:AllowAnonymous|}]
            [HttpPost("flush")]
            public IActionResult Flush()
            {
                cache.{|#2:Clear|}();
                return Ok();
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("'RemoveByTagAsync' with a tag taken from the request", " (the endpoint explicitly allows anonymous access)"),
        VerifyCS.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("'Clear' on the request path", " (the endpoint explicitly allows anonymous access)"));

    [Fact]
    public Task Group_without_authorization_and_query_tag() => Verify("""
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                var ops = app.MapGroup("/ops");
                ops.MapPost("/evict", async (HttpContext http, IOutputCacheStore store) =>
                {
                    var tag = http.Request.Query["tag"].ToString();
                    await store.{|#0:EvictByTagAsync|}(tag, http.RequestAborted);
                });
            }
        }
        """,
        Purge(0, "'EvictByTagAsync' with a tag taken from the request"));

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Authorized_endpoint_group_and_controller() => Verify("""
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/purge/{tag}", (string tag, IOutputCacheStore store, CancellationToken ct) => store.EvictByTagAsync(tag, ct))
                   .RequireAuthorization("cache-admin");
                var admin = app.MapGroup("/admin").RequireAuthorization("ops");
                admin.MapDelete("/cache/{key}", (string key, HybridCache cache) => cache.RemoveAsync(key));
                app.MapDelete("/a/{key}", [Authorize(Roles = "ops")] (string key, IDistributedCache cache) => cache.RemoveAsync(key));
            }
        }

        [Authorize(Policy = "cache-admin")]
        public class CacheAdminController(IDatabase db) : ControllerBase
        {
            [HttpDelete("cache/{key}")]
            public IActionResult Delete(string key) { db.KeyDelete(key); return NoContent(); }
        }
        """);

    [Fact]
    public Task Fallback_policy_anywhere_in_the_project_covers_endpoints_without_metadata() => Verify("""
        public static class Setup
        {
            public static void AddSecurity(IServiceCollection services) =>
                services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapPost("/purge/{tag}", (string tag, IOutputCacheStore store, CancellationToken ct) => store.EvictByTagAsync(tag, ct));
        }
        """);

    [Fact]
    public Task Global_authorize_filter_covers_controllers() => Verify("""
        public static class Setup
        {
            public static void Add(IServiceCollection services) =>
                services.AddControllers(o => o.Filters.Add(new Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter()));
        }

        public class CacheController(IDistributedCache cache) : ControllerBase
        {
            [HttpDelete("cache/{key}")]
            public Task Delete(string key) => cache.RemoveAsync(key);
        }
        """);

    [Fact]
    public Task Constant_tag_after_domain_write_is_not_a_purge_endpoint() => Verify("""
        public interface IProducts { Task UpdatePriceAsync(int id, decimal price); }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPut("/products/{id:int}/price", async (int id, decimal price, IProducts products, IOutputCacheStore store, CancellationToken ct) =>
                {
                    await products.UpdatePriceAsync(id, price);
                    await store.EvictByTagAsync("products", ct);
                    return Results.NoContent();
                });
            }
        }
        """);

    [Fact]
    public Task Purge_outside_any_endpoint() => Verify("""
        public class PriceChangedHandler(HybridCache cache)
        {
            public ValueTask Handle(string productTag) => cache.RemoveByTagAsync(productTag);
        }
        """);

    [Fact]
    public Task Endpoint_mapped_by_an_extension_on_a_caller_supplied_builder_is_unknown() => Verify("""
        public static class CacheEndpoints
        {
            public static IEndpointRouteBuilder MapCacheAdmin(this IEndpointRouteBuilder endpoints)
            {
                endpoints.MapDelete("/cache/{key}", (string key, IDistributedCache cache) => cache.RemoveAsync(key));
                return endpoints;
            }
        }
        """);
}
