using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for CACHE061: idiomatic output caching of personalized content — a custom policy that keeps the default policy's
/// "don't cache authenticated requests" check, a per-user policy that varies by the user id, localized endpoints that vary by
/// <c>Accept-Language</c>, a theme cookie turned into a vary value, analytics-only cookie reads, a Razor page model that renders
/// only shared data — yields zero diagnostics from every analyzer and compiles cleanly.
/// </summary>
public class CleanCodeOutputCacheTests
{
    public const string IdiomaticOutputCaching = """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.AspNetCore.OutputCaching;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using Microsoft.Net.Http.Headers;

        namespace Shop.Web;

        public sealed record Article(int Id, string Title);

        public interface IArticles
        {
            Task<List<Article>> LatestAsync(string language, CancellationToken ct);
        }

        /// <summary>Caches GET requests of anonymous users only, varying by every query key.</summary>
        public sealed class AnonymousGetPolicy : IOutputCachePolicy
        {
            public static readonly AnonymousGetPolicy Instance = new();

            private AnonymousGetPolicy()
            {
            }

            ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
            {
                var attempt = Attempt(context.HttpContext);
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = attempt;
                context.AllowCacheStorage = attempt;
                context.AllowLocking = true;
                context.CacheVaryByRules.QueryKeys = "*";
                return ValueTask.CompletedTask;
            }

            ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
            {
                if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
                {
                    context.AllowCacheStorage = false;
                }

                return ValueTask.CompletedTask;
            }

            private static bool Attempt(HttpContext http) =>
                (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsPost(http.Request.Method)) &&
                http.Request.Headers.Authorization.Count == 0 &&
                http.User.Identity?.IsAuthenticated != true;
        }

        /// <summary>Caches a signed-in user's own dashboard, keyed by the user id.</summary>
        public sealed class PerUserPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
            {
                var userId = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
                if (userId is null)
                {
                    return ValueTask.CompletedTask;
                }

                context.EnableOutputCaching = true;
                context.AllowCacheLookup = true;
                context.AllowCacheStorage = true;
                context.CacheVaryByRules.VaryByValues["user"] = userId;
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllersWithViews();
                builder.Services.AddRazorPages();
                builder.Services.AddAuthentication();
                builder.Services.AddAuthorization();
                builder.Services.AddOutputCache(o =>
                {
                    o.AddPolicy("localized", b => b.Expire(TimeSpan.FromMinutes(10)).SetVaryByHeader(HeaderNames.AcceptLanguage));
                    o.AddPolicy("anonymous-posts", AnonymousGetPolicy.Instance);
                    o.AddPolicy("dashboard", b => b.AddPolicy<PerUserPolicy>().Expire(TimeSpan.FromSeconds(30)));
                });

                var app = builder.Build();
                app.UseRouting();
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseOutputCache();

                app.MapGet("/news", async (HttpRequest request, IArticles articles, CancellationToken ct) =>
                    await articles.LatestAsync(request.Headers.AcceptLanguage.ToString(), ct)).CacheOutput("localized");

                app.MapGet("/home", (HttpRequest request) => $"<body class='{request.Cookies["theme"] ?? "light"}'>Welcome</body>")
                    .CacheOutput(b => b.VaryByValue(ctx => new KeyValuePair<string, string>("theme", ctx.Request.Cookies["theme"] ?? "light")));

                app.MapGet("/catalog", (HttpRequest request, ILogger<CatalogLog> logger) =>
                {
                    logger.LogInformation("Catalog viewed, campaign {Campaign}", request.Cookies["utm_campaign"]);
                    return Results.Ok(new[] { "shoes", "hats" });
                }).CacheOutput();

                app.MapGet("/me", (ClaimsPrincipal user) => $"Hello {user.Identity?.Name}").RequireAuthorization().CacheOutput("dashboard");
                app.MapControllers();
                app.MapRazorPages();
                app.Run();
            }
        }

        public sealed class CatalogLog
        {
        }

        public sealed class TermsController : Controller
        {
            [OutputCache(Duration = 600, VaryByHeaderNames = new[] { "Accept-Language" })]
            public IActionResult Index() =>
                Content(Request.Headers.AcceptLanguage.ToString().StartsWith("de", StringComparison.Ordinal) ? "Nutzungsbedingungen" : "Terms of use");

            [OutputCache(PolicyName = "anonymous-posts")]
            public IActionResult Post(int id) => Content($"Post {id}");
        }

        [OutputCache(Duration = 300)]
        public sealed class AboutModel : PageModel
        {
            public string Title { get; private set; } = "";

            public void OnGet() => Title = "About us";
        }
        """;

    [Fact]
    public async Task Idiomatic_output_caching_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticOutputCaching, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
