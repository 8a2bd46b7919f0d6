using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the HTTP header rules (CACHE060, CACHE063–065): idiomatic HTTP caching — public caching of anonymous static and
/// catalog content, private or no-store responses for signed-in users, typed Cache-Control headers, cache profiles with the Response
/// Caching Middleware, cookies issued from uncached endpoints — yields zero diagnostics from every analyzer and compiles cleanly.
/// </summary>
public class CleanCodeHttpHeadersTests
{
    public const string IdiomaticHttpHeaders = """
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Net.Http.Headers;

        namespace Shop.Web;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddResponseCaching();
                builder.Services.AddOutputCache();
                builder.Services.AddControllersWithViews(o =>
                {
                    o.CacheProfiles.Add("Catalog", new CacheProfile { Duration = 300, VaryByQueryKeys = new[] { "page" } });
                    o.CacheProfiles.Add("Personal", new CacheProfile { Duration = 60, Location = ResponseCacheLocation.Client });
                    o.CacheProfiles.Add("Never", new CacheProfile { NoStore = true, Location = ResponseCacheLocation.None });
                });
                builder.Services.AddRazorPages();

                var app = builder.Build();
                app.UseRouting();
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseResponseCaching();
                app.UseOutputCache();
                app.MapControllers();
                app.MapRazorPages();

                app.MapGet("/robots.txt", (HttpContext http) =>
                {
                    http.Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(1) };
                    return Results.Text("User-agent: *");
                });
                app.MapGet("/api/me", (HttpContext http) =>
                {
                    http.Response.Headers.CacheControl = "private, no-store";
                    return http.User.Identity?.Name;
                }).RequireAuthorization();
                app.MapPost("/consent", (HttpContext http) =>
                {
                    http.Response.Cookies.Append("consent", "yes", new CookieOptions { HttpOnly = true, Secure = true });
                    return Results.NoContent();
                });
                app.Run();
            }
        }

        public sealed class CatalogController : Controller
        {
            [HttpGet("catalog")]
            [ResponseCache(CacheProfileName = "Catalog")]
            public IActionResult Index(int page = 1) => View(page);

            [HttpGet("assets/{name}")]
            [ResponseCache(Duration = 31536000)]
            public IActionResult Asset(string name) => PhysicalFile("/srv/assets/" + System.IO.Path.GetFileName(name), "application/octet-stream");
        }

        [Authorize]
        public sealed class AccountController : Controller
        {
            [HttpGet("account")]
            [ResponseCache(Location = ResponseCacheLocation.None, NoStore = true)]
            public IActionResult Index() => View();

            [HttpGet("account/orders")]
            [ResponseCache(CacheProfileName = "Personal")]
            public IActionResult Orders() => View();

            [HttpGet("account/avatar")]
            [ResponseCache(Duration = 600, Location = ResponseCacheLocation.Client)]
            public IActionResult Avatar() => File(Array.Empty<byte>(), "image/png");

            [AllowAnonymous]
            [HttpPost("account/login")]
            [ResponseCache(CacheProfileName = "Never")]
            public async Task<IActionResult> Login()
            {
                await HttpContext.SignInAsync(new System.Security.Claims.ClaimsPrincipal());
                return Redirect("/");
            }

            [HttpGet("account/export")]
            public IActionResult Export()
            {
                Response.Headers.CacheControl = "no-store, no-cache";
                Response.Headers.Pragma = "no-cache";
                return File(Array.Empty<byte>(), "text/csv");
            }
        }

        [ResponseCache(Duration = 120)]
        public sealed class AboutModel : PageModel
        {
            public void OnGet() { }
        }
        """;

    [Fact]
    public async Task Idiomatic_http_header_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticHttpHeaders, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
