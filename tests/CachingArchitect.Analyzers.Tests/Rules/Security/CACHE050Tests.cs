using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Security.PerUserDataUnderSharedKeyAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Security;

public class CACHE050Tests
{
    private const string Usings = """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Logging;

        """;

    private static Task Verify(string source, string? editorConfig = null) =>
        VerifyCS.VerifyAsync(Usings + source, editorConfig, RedisVersion.V3);

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Controller_factory_reads_User_claim_but_key_is_constant() => VerifyCS.VerifyAsync(Usings + """
        public record Order(string UserId);
        public interface IOrders { Task<List<Order>> ForUserAsync(string userId); }

        [ApiController]
        public class OrdersController(IMemoryCache cache, IOrders orders) : ControllerBase
        {
            [HttpGet("orders")]
            public async Task<List<Order>?> Get() =>
                await cache.{|#0:GetOrCreateAsync|}("orders:mine", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return orders.ForUserAsync({|#1:User|}.FindFirstValue(ClaimTypes.NameIdentifier)!);
                });
        }
        """, null, RedisVersion.V3,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetOrCreateAsync", "the current user", "User"));

    [Fact]
    public Task HybridCache_factory_with_http_context_accessor() => VerifyCS.VerifyAsync(Usings + """
        public interface IProfiles { ValueTask<string> LoadAsync(string name, CancellationToken ct); }

        public class ProfileService(HybridCache cache, IHttpContextAccessor accessor, IProfiles profiles)
        {
            public ValueTask<string> GetProfileAsync() =>
                cache.{|#0:GetOrCreateAsync|}("profile", async ct => await profiles.LoadAsync({|#1:accessor.HttpContext!.User|}.Identity!.Name!, ct));
        }
        """, null, RedisVersion.V3,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetOrCreateAsync", "the current user", "accessor.HttpContext!.User"));

    [Fact]
    public Task Cache_aside_write_of_value_loaded_for_current_user_service() => VerifyCS.VerifyAsync(Usings + """
        public interface ICurrentUser { string Id { get; } }
        public interface ICart { Task<string> LoadJsonAsync(string userId); }

        public class CartService(IDistributedCache cache, ICurrentUser currentUser, ICart carts)
        {
            public async Task<string> GetCartAsync()
            {
                var cached = await cache.GetStringAsync("cart");
                if (cached is not null)
                {
                    return cached;
                }

                var json = await carts.LoadJsonAsync({|#1:currentUser|}.Id);
                await cache.{|#0:SetStringAsync|}("cart", json, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                return json;
            }
        }
        """, null, RedisVersion.V3,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("SetStringAsync", "a user/tenant context service", "currentUser"));

    [Fact]
    public Task Redis_write_of_session_and_cookie_dependent_values() => VerifyCS.VerifyAsync(Usings + """
        public class Prefs(IDatabase db)
        {
            public void Save(HttpContext http)
            {
                var theme = {|#1:http.Request.Cookies|}["theme"] ?? "light";
                db.{|#0:StringSet|}("prefs:theme", theme, TimeSpan.FromHours(1));
                var basket = {|#3:http.Session|}.GetString("basket") ?? "";
                db.{|#2:StringSet|}("basket", basket, TimeSpan.FromHours(1));
            }
        }
        """, null, RedisVersion.V3,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("StringSet", "request cookies", "http.Request.Cookies"),
        VerifyCS.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("StringSet", "the session", "http.Session"));

    [Fact]
    public Task Role_check_that_chooses_the_returned_data_is_a_dependency() => VerifyCS.VerifyAsync(Usings + """
        public interface IReports { Task<List<string>> AllAsync(); Task<List<string>> PublicAsync(); }

        public class ReportsController(IMemoryCache cache, IReports reports) : ControllerBase
        {
            [HttpGet("reports")]
            public Task<List<string>?> Get() => cache.{|#0:GetOrCreateAsync|}("reports", async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                if ({|#1:User|}.IsInRole("admin"))
                {
                    return await reports.AllAsync();
                }

                return await reports.PublicAsync();
            });
        }
        """, null, RedisVersion.V3,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetOrCreateAsync", "the current user", "User"));

    [Fact]
    public Task Fusion_factory_with_tenant_provider_from_configured_pattern() => VerifyCS.VerifyAsync(Usings + """
        public interface IOrgResolver { int OrgId { get; } }
        public interface IPlans { Task<string> ForOrgAsync(int orgId); }

        public class Plans(IFusionCache cache, IOrgResolver org, IPlans plans)
        {
            public ValueTask<string> CurrentPlanAsync() =>
                cache.{|#0:GetOrSetAsync<string>|}("plan", async (ctx, ct) => await plans.ForOrgAsync({|#1:org|}.OrgId), TimeSpan.FromMinutes(5));
        }
        """, "caching_architect.user_context_types = IOrgResolver", RedisVersion.V3,
        VerifyCS.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("GetOrSetAsync", "a user/tenant context service", "org"));

    // ------------------------------------------------------------------ looks like it but is fine

    [Fact]
    public Task Key_contains_user_id_from_the_same_principal() => Verify("""
        public interface IOrders { Task<List<string>> ForUserAsync(string userId); }

        public class OrdersController(IMemoryCache cache, IOrders orders) : ControllerBase
        {
            [HttpGet("orders")]
            public Task<List<string>?> Get()
            {
                var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
                return cache.GetOrCreateAsync($"orders:{userId}", entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                    return orders.ForUserAsync(userId);
                });
            }

            [HttpGet("orders/inline")]
            public Task<List<string>?> Inline() =>
                cache.GetOrCreateAsync("orders:" + User.Identity!.Name, entry => orders.ForUserAsync(User.Identity!.Name!));
        }
        """);

    [Fact]
    public Task Authorization_check_that_throws_is_not_a_data_dependency() => Verify("""
        public interface IReports { Task<List<string>> AllAsync(); }

        public class ReportsController(IMemoryCache cache, IReports reports) : ControllerBase
        {
            [HttpGet("reports")]
            public Task<List<string>?> Get() => cache.GetOrCreateAsync("reports:all", async entry =>
            {
                if (!User.IsInRole("admin"))
                {
                    throw new UnauthorizedAccessException();
                }

                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
                return await reports.AllAsync();
            });
        }
        """);

    [Fact]
    public Task Principal_read_only_for_logging_and_auditing() => Verify("""
        public interface ICatalog { Task<List<string>> LoadAsync(); }
        public interface IAudit { void Record(string user, string what); }

        public class CatalogService(HybridCache cache, ICatalog catalog, IHttpContextAccessor accessor, ILogger<CatalogService> logger, IAudit audit)
        {
            public ValueTask<List<string>> GetAsync() => cache.GetOrCreateAsync("catalog:v1", async ct =>
            {
                var name = accessor.HttpContext?.User.Identity?.Name ?? "anonymous";
                logger.LogInformation("Catalog cache miss, loaded for {User}", name);
                audit.Record(name, "catalog-load");
                return await catalog.LoadAsync();
            });
        }
        """);

    [Fact]
    public Task Tenant_service_in_key_and_value() => Verify("""
        public interface ITenantContext { string TenantId { get; } string ConnectionString { get; } }
        public interface ISettings { Task<string> LoadAsync(string connectionString); }

        public class SettingsService(IDistributedCache cache, ITenantContext tenant, ISettings settings)
        {
            public async Task<string> GetAsync()
            {
                var key = $"settings:{tenant.TenantId}";
                var json = await settings.LoadAsync(tenant.ConnectionString);
                await cache.SetStringAsync(key, json, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
                return json;
            }
        }
        """);

    [Fact]
    public Task Principal_used_only_in_the_key() => Verify("""
        public class Greeting(IMemoryCache cache) : ControllerBase
        {
            [HttpGet("hello")]
            public string? Hello() => cache.GetOrCreate($"greeting:{User.Identity!.Name}", e =>
            {
                e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                return "hello";
            });
        }
        """);

    [Fact]
    public Task Shared_data_with_user_only_in_a_side_effect_statement() => Verify("""
        public class Rates(IDatabase db, IHttpContextAccessor accessor, ILogger<Rates> logger)
        {
            public void Refresh(decimal rate)
            {
                var value = rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
                logger.LogInformation("{User} refreshed rates", accessor.HttpContext?.User.Identity?.Name);
                db.StringSet("rates:eur", value, TimeSpan.FromMinutes(30));
            }
        }
        """);

    [Fact]
    public Task Method_parameter_user_id_in_key_and_value() => Verify("""
        public interface IOrders { Task<List<string>> ForUserAsync(string userId); }

        public class OrderCache(IMemoryCache cache, IOrders orders)
        {
            public Task<List<string>?> GetAsync(ClaimsPrincipal user) =>
                cache.GetOrCreateAsync($"orders:{user.FindFirstValue("sub")}", _ => orders.ForUserAsync(user.FindFirstValue("sub")!));
        }
        """);
}
