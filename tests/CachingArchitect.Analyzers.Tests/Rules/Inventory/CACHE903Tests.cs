using System.Linq;
using System.Threading.Tasks;
using CachingArchitect.Analyzers.Rules.Inventory;
using static CachingArchitect.Analyzers.Tests.Rules.Inventory.InventoryTestSupport;

namespace CachingArchitect.Analyzers.Tests.Rules.Inventory;

public class CACHE903Tests
{
    private const string Source = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.OutputCaching;
        using Microsoft.Extensions.DependencyInjection;

        [ApiController]
        [Route("api/products")]
        public class ProductsController : ControllerBase
        {
            [HttpGet("{id}")]
            [ResponseCache(Duration = 60, VaryByQueryKeys = new[] { "lang" })]
            public IActionResult Get(int id) => Ok(id);

            [HttpGet("list")]
            [OutputCache(Duration = 30, VaryByQueryKeys = new[] { "page" })]
            public IActionResult List() => Ok();

            [HttpGet("static")]
            public IActionResult Static()
            {
                Response.Headers.CacheControl = "public, max-age=3600";
                return Ok();
            }
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/prices", () => "p").CacheOutput(p => p.Expire(TimeSpan.FromSeconds(10)).SetVaryByQuery("currency"));
            }
        }
        """;

    [Fact]
    public async Task Http_caching_declarations_are_listed()
    {
        var diagnostics = await RunAsync(new HttpCachingInventoryAnalyzer(), Source);
        var described = diagnostics.Select(d => string.Join(" | ", d.Properties["mechanism"], d.Properties["route"], d.Properties["cacheControl"], d.Properties["duration"], d.Properties["varyBy"])).ToArray();
        Assert.Equal(
            new[]
            {
                "ResponseCache | api/products/{id} | public, max-age=60 | 00:01:00 | VaryByQueryKeys=lang",
                "OutputCache | api/products/list |  | 00:00:30 | VaryByQuery=page",
                "CacheControlHeader | api/products/static | public, max-age=3600 | 01:00:00 | ",
                "OutputCache | /prices |  | 00:00:10 | VaryByQuery=currency",
            },
            described);
    }

    [Fact]
    public async Task Output_cache_duration_is_the_innermost_constant_expiration()
    {
        const string source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.OutputCaching;
            using Microsoft.Extensions.DependencyInjection;

            [OutputCache(Duration = 600)]
            public class ReportsController : ControllerBase
            {
                [HttpGet("reports/daily")]
                [OutputCache(Duration = 120)]
                public IActionResult Daily() => Ok();

                [HttpGet("reports/yearly")]
                public IActionResult Yearly() => Ok();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app, TimeSpan configured)
                {
                    var api = app.MapGroup("/api").CacheOutput(b => b.Expire(TimeSpan.FromMinutes(5)));
                    api.MapGet("/menu", () => "m");
                    api.MapGet("/news", () => "n").CacheOutput(b => b.Expire(TimeSpan.FromSeconds(30)));
                    app.MapGet("/named", () => "x").CacheOutput("Hourly");
                    app.MapGet("/runtime", () => "r").CacheOutput(b => b.Expire(configured));
                }
            }
            """;

        var diagnostics = await RunAsync(new HttpCachingInventoryAnalyzer(), source);
        var described = diagnostics.Select(d => string.Join(" | ", d.Properties["route"], d.Properties["duration"])).OrderBy(x => x, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "/api/menu | 00:05:00",
                "/api/news | 00:00:30",
                "/named | ",
                "/runtime | ",
                "reports/daily | 00:02:00",
                "reports/yearly | 00:10:00",
            },
            described);
    }

    [Fact]
    public async Task Nothing_is_reported_without_the_inventory_property()
    {
        Assert.Empty(await RunAsync(new HttpCachingInventoryAnalyzer(), Source, inventory: null));
    }
}
