using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.ExternalInputKeyAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

public class CACHE011Tests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        """;

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Query_string_in_controller() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public object? Get(IMemoryCache cache) => cache.Get({|#0:$"search:{Request.Query["q"]}"|});
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("HttpRequest.Query"));

    [Fact]
    public Task Action_string_parameter() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        [Route("api/search")]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public Task<string?> Get([FromQuery] string q, IDistributedCache cache) => cache.GetStringAsync({|#0:"search:" + q.Trim()|});
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("endpoint parameter 'q'"));

    [Fact]
    public Task Conventional_controller_parameter_via_local() => VerifyCS.VerifyAsync(Usings + """
        public class ProductsController : Controller
        {
            private readonly HybridCache _cache;
            public ProductsController(HybridCache cache) => _cache = cache;

            public async Task<IActionResult> Index(string category)
            {
                var key = $"products:{category.ToLowerInvariant()}";
                var items = await _cache.GetOrCreateAsync([|key|], ct => ValueTask.FromResult(new[] { "a" }));
                return Ok(items);
            }
        }
        """);

    [Fact]
    public Task Minimal_api_parameter() => VerifyCS.VerifyAsync(Usings + """
        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/search", async (string term, IFusionCache cache) =>
                    await cache.GetOrSetAsync<string>([|$"search:{term}"|], (ctx, ct) => Task.FromResult("r")));
        }
        """);

    [Fact]
    public Task FusionCache_extension_overloads_with_duration() => VerifyCS.VerifyAsync(Usings + """
        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/search", async (string term, IFusionCache cache) =>
                {
                    cache.Set([|"last:" + term|], "r", TimeSpan.FromMinutes(1));
                    return await cache.GetOrSetAsync<string>([|$"search:{term}"|], ct => Task.FromResult("r"), TimeSpan.FromMinutes(5));
                });
        }
        """);

    [Fact]
    public Task HybridCache_interpolated_handler_overload() => VerifyCS.VerifyAsync(Usings + """
        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/search", async (string term, HybridCache cache) =>
                    await cache.GetOrCreateAsync([|$"search:{term}"|], ct => ValueTask.FromResult("r")));
        }
        """);

    [Fact]
    public Task Minimal_api_unconstrained_route_parameter() => VerifyCS.VerifyAsync(Usings + """
        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/p/{slug}", (string slug, IMemoryCache cache) => cache.Get([|"p:" + slug|]));
        }
        """);

    [Fact]
    public Task Razor_page_handler() => VerifyCS.VerifyAsync(Usings + """
        public class SearchModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
        {
            public void OnGet(string term, IMemoryCache cache) => cache.Set([|"s:" + term|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Headers_cookies_path_and_route_values() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class TenantController : ControllerBase
        {
            [HttpGet]
            public void Get(IDatabase db)
            {
                db.StringGet([|$"t:{Request.Headers["X-Tenant"]}"|]);
                db.StringGet([|$"c:{Request.Cookies["pref"]}"|]);
                db.StringGet([|"p:" + Request.Path|]);
                db.StringGet([|$"r:{Request.RouteValues["slug"]}"|]);
                db.StringGet([|$"qs:{Request.QueryString}"|]);
            }
        }
        """);

    [Fact]
    public Task Form_collection_and_body() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class FormController : ControllerBase
        {
            [HttpPost]
            public async Task Post(IFormCollection form, IMemoryCache cache)
            {
                cache.Set([|$"f:{form["name"]}"|], 1, TimeSpan.FromMinutes(1));
                using var reader = new System.IO.StreamReader(Request.Body);
                var body = await reader.ReadToEndAsync();
                cache.Set([|"b:" + body|], 1, TimeSpan.FromMinutes(1));
            }
        }
        """);

    [Fact]
    public Task Model_bound_dto_member() => VerifyCS.VerifyAsync(Usings + """
        public class SearchRequest { public string Term { get; set; } = ""; }
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpPost]
            public void Post([FromBody] SearchRequest request, IMemoryCache cache) => cache.Set([|"s:" + request.Term|], 1, TimeSpan.FromMinutes(1));
        }
        """);

    [Fact]
    public Task Input_in_tag() => VerifyCS.VerifyAsync(Usings + """
        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapPost("/p/{id:int}", async (int id, string label, HybridCache cache) =>
                    await cache.SetAsync($"p:{id}", 1, tags: new[] { [|"label:" + label|] }));
        }
        """);

    [Fact]
    public Task Configured_taint_source() => VerifyCS.VerifyAsync("""
        namespace Acme { public static class RawInput { public static string Read(string name) => name; } }
        class C
        {
            void M(IMemoryCache cache) => cache.Set([|"s:" + Acme.RawInput.Read("q")|], 1, TimeSpan.FromMinutes(1));
        }
        """, "caching_architect.taint_sources = Acme.RawInput.Read", RedisVersion.V3);

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Identity_claims() => VerifyCS.VerifyAsync(Usings + """
        using System.Security.Claims;
        [ApiController]
        public class CartController : ControllerBase
        {
            [HttpGet]
            public void Get(IMemoryCache cache)
            {
                cache.Set($"cart:{User.FindFirst(ClaimTypes.NameIdentifier)?.Value}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"cart:{User.FindFirstValue(ClaimTypes.NameIdentifier)}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"cart:{User.Identity?.Name}", 1, TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Route_constraints_and_typed_parameters() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        [Route("api/products")]
        public class ProductsController : ControllerBase
        {
            [HttpGet("{id:int}")]
            public void Get(string id, IMemoryCache cache) => cache.Set("p:" + id, 1, TimeSpan.FromMinutes(5));

            [HttpGet("by-sku/{sku:regex(^[A-Z0-9]+$):maxlength(16)}")]
            public void BySku(string sku, IMemoryCache cache) => cache.Set("sku:" + sku, 1, TimeSpan.FromMinutes(5));

            [HttpGet("v/{version}")]
            public void Typed(int version, Guid tenant, IMemoryCache cache) => cache.Set($"v:{version}:{tenant}", 1, TimeSpan.FromMinutes(5));
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) =>
                app.MapGet("/o/{orderId:guid}", (string orderId, IMemoryCache cache) => cache.Get("o:" + orderId));
        }
        """);

    [Fact]
    public Task Route_constraints_on_a_MapGroup_prefix() => VerifyCS.VerifyAsync(Usings + """
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                var orders = app.MapGroup("/tenants/{tenant:guid}").RequireAuthorization();
                orders.MapGet("/orders", (string tenant, IMemoryCache cache) => cache.Get("orders:" + tenant));
                app.MapGroup("/shops/{shop}").MapGet("/items", (string shop, IMemoryCache cache) => cache.Get([|"items:" + shop|]));
            }
        }
        """);

    [Fact]
    public Task Parsed_to_typed_id() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class ProductsController : ControllerBase
        {
            [HttpGet]
            public void Get(string id, string region, IMemoryCache cache)
            {
                if (!Guid.TryParse(id, out var productId)) return;
                cache.Set($"p:{productId}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"r:{Enum.Parse<DayOfWeek>(region)}", 1, TimeSpan.FromMinutes(5));
                cache.Set($"n:{long.Parse(Request.Query["n"]!)}", 1, TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task Allow_lists() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class ListController : ControllerBase
        {
            private static readonly HashSet<string> Sorts = new(StringComparer.Ordinal) { "name", "price" };

            [HttpGet]
            public void Get(string sort, string order, string view, IMemoryCache cache)
            {
                if (!Sorts.Contains(sort)) return;
                cache.Set($"list:{sort}", 1, TimeSpan.FromMinutes(5));

                var direction = order switch { "desc" => "desc", _ => "asc" };
                cache.Set($"list:{direction}", 1, TimeSpan.FromMinutes(5));

                switch (view)
                {
                    case "grid":
                    case "table":
                        cache.Set($"view:{view}", 1, TimeSpan.FromMinutes(5));
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task Length_cap_and_charset_check() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public IActionResult Get(string q, IMemoryCache cache)
            {
                if (q.Length > 64 || !q.All(char.IsLetterOrDigit)) return BadRequest();
                cache.Set("s:" + q, 1, TimeSpan.FromMinutes(5));
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Length_cap_written_as_a_pattern_and_charset_check() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet("a")]
            public IActionResult A(string code, IMemoryCache cache)
            {
                if (code.Length is 0 or > 16 || !code.All(char.IsLetterOrDigit)) return BadRequest();
                cache.Set("a:" + code, 1, TimeSpan.FromMinutes(5));
                return Ok();
            }

            [HttpGet("b")]
            public IActionResult B(string code, IMemoryCache cache)
            {
                if (code is not { Length: > 0 and <= 32 } || !code.All(char.IsAsciiLetterOrDigit)) return BadRequest();
                cache.Set("b:" + code, 1, TimeSpan.FromMinutes(5));
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Empty_check_pattern_is_not_a_length_cap() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public IActionResult Get(string code, IMemoryCache cache)
            {
                if (code.Length is 0 || !code.All(char.IsLetterOrDigit)) return BadRequest();
                cache.Set([|"a:" + code|], 1, TimeSpan.FromMinutes(5));
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Validation_attributes() => VerifyCS.VerifyAsync(Usings + """
        using System.ComponentModel.DataAnnotations;
        public class SearchRequest
        {
            [StringLength(40), RegularExpression("^[a-z0-9-]+$")]
            public string Term { get; set; } = "";
        }
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public void Get([StringLength(40)][RegularExpression("^[a-z]+$")] string q, [AllowedValues("asc", "desc")] string order, IMemoryCache cache)
            {
                cache.Set($"s:{q}:{order}", 1, TimeSpan.FromMinutes(5));
            }

            [HttpPost]
            public void Post([FromBody] SearchRequest request, IMemoryCache cache) => cache.Set("s:" + request.Term, 1, TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Hashed_input() => VerifyCS.VerifyAsync(Usings + """
        using System.Security.Cryptography;
        using System.Text;
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public void Get(string q, IMemoryCache cache)
            {
                cache.Set("s:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(q))), 1, TimeSpan.FromMinutes(5));
                cache.Set($"x:{System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(q))}", 1, TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Fact]
    public Task String_parameter_of_a_service_method() => VerifyCS.VerifyAsync("""
        public class ProductService
        {
            private readonly IMemoryCache _cache;
            public ProductService(IMemoryCache cache) => _cache = cache;
            public object? Find(string sku) => _cache.Get($"sku:{sku}");
        }
        """);

    [Fact]
    public Task FromServices_and_non_endpoint_members() => VerifyCS.VerifyAsync(Usings + """
        [ApiController]
        public class HomeController : ControllerBase
        {
            [HttpGet]
            public void Get([FromServices] IMemoryCache cache, [FromServices] string region) => cache.Set($"r:{region}", 1, TimeSpan.FromMinutes(5));

            [NonAction]
            public void Helper(string name, IMemoryCache cache) => cache.Set($"n:{name}", 1, TimeSpan.FromMinutes(5));

            private void Private(string name, IMemoryCache cache) => cache.Set($"n:{name}", 1, TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Generated_key_schema_builder() => VerifyCS.VerifyAsync(Usings + """
        public static class KeyOf { public static string Search(string term) => "app:search:v1:" + term; }
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public void Get(string q, IMemoryCache cache) => cache.Set(KeyOf.Search(q), 1, TimeSpan.FromMinutes(5));
        }
        """);

    [Fact]
    public Task Invalidations_with_request_input_create_no_entries() => VerifyCS.VerifyAsync("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.OutputCaching;

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/purge/{tag}", async (string tag, IOutputCacheStore store, CancellationToken ct) => await store.EvictByTagAsync(tag, ct))
                   .RequireAuthorization();
                app.MapDelete("/cache/{name}", async (string name, IDistributedCache cache) => await cache.RemoveAsync("report:" + name))
                   .RequireAuthorization();
                app.MapDelete("/redis/{name}", (string name, IDatabase db) => db.KeyDelete("report:" + name)).RequireAuthorization();
            }
        }
        """);

    // ------------------------------------------------------------------ generated key-schema keys are safe

    [Fact]
    public Task Schema_keys_with_bounded_checked_parts_are_not_reported() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Keys.ExternalInputKeyAnalyzer>.VerifyAsync(Usings + SchemaTestSupport.ShopKeys + """
        [ApiController]
        public class SearchController : ControllerBase
        {
            [HttpGet]
            public async Task<string?> Get([FromQuery] string q, IDatabase db, IDistributedCache cache, IMemoryCache memory)
            {
                memory.Set(ShopKeys.Search(Request.Query["q"].ToString()).Value, 1, TimeSpan.FromMinutes(5));
                var key = ShopKeys.Search(q);
                await db.StringSetAsync(key.AsRedisKey(), "x", TimeSpan.FromMinutes(5));
                await db.SetAsync(ShopKeys.Search(q), "x");
                return await cache.GetStringAsync(key);
            }
        }
        """);
}
