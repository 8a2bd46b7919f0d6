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
                "OutputCache | /prices |  |  | VaryByQuery=currency",
            },
            described);
    }

    [Fact]
    public async Task Nothing_is_reported_without_the_inventory_property()
    {
        Assert.Empty(await RunAsync(new HttpCachingInventoryAnalyzer(), Source, inventory: null));
    }
}
