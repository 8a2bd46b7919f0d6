using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CachingArchitect.Analyzers.Tests.Sweeps;

/// <summary>
/// Precision for the HTTP pipeline rules (CACHE062, CACHE066): a minimal-hosting app and a Startup-style app with the documented
/// middleware order, output-cache policies with locking on, Razor Pages with [ResponseCache] on the page model, controllers with
/// [OutputCache], yield zero diagnostics from every analyzer and compile cleanly.
/// </summary>
public class CleanCodeHttpPipelineTests
{
    public const string IdiomaticPipeline = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.AspNetCore.OutputCaching;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        namespace Shop.Web;

        public sealed record Product(int Id, string Name);

        public interface ICatalog
        {
            Task<List<Product>> AllAsync(CancellationToken ct);
        }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                builder.Services.AddRazorPages();
                builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://shop.example")));
                builder.Services.AddAuthentication();
                builder.Services.AddAuthorization();
                builder.Services.AddResponseCaching();
                builder.Services.AddOutputCache(o =>
                {
                    o.AddBasePolicy(b => b.Expire(TimeSpan.FromSeconds(30)));
                    o.AddPolicy("catalog", b => b.Expire(TimeSpan.FromMinutes(5)).SetVaryByQuery("page").Tag("catalog"));
                    o.AddPolicy("static", b => b.Expire(TimeSpan.FromHours(1)).SetLocking(true));
                });

                var app = builder.Build();
                if (!app.Environment.IsDevelopment())
                {
                    app.UseExceptionHandler("/error");
                    app.UseHsts();
                }

                app.UseHttpsRedirection();
                app.UseStaticFiles();
                app.UseRouting();
                app.UseCors();
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseResponseCaching();
                app.UseOutputCache();

                app.MapGet("/products", async (ICatalog catalog, CancellationToken ct) => await catalog.AllAsync(ct)).CacheOutput("catalog");
                app.MapGet("/version", () => "1.0.0").CacheOutput(b => b.SetLocking(false));
                app.MapControllers();
                app.MapRazorPages();
                app.Run();
            }
        }

        public class LegacyStartup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                app.UseRouting();
                app.UseCors();
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseResponseCaching();
                app.UseOutputCache();
                app.UseEndpoints(endpoints =>
                {
                    endpoints.MapControllers();
                    endpoints.MapRazorPages();
                });
            }
        }

        [ResponseCache(Duration = 300, Location = ResponseCacheLocation.Any)]
        public sealed class AboutModel : PageModel
        {
            public string Title { get; private set; } = "";

            public void OnGet() => Title = "About us";
        }

        [ApiController]
        [Route("api/catalog")]
        public sealed class CatalogController(ICatalog catalog) : ControllerBase
        {
            [HttpGet]
            [OutputCache(PolicyName = "catalog")]
            public Task<List<Product>> Get(CancellationToken ct) => catalog.AllAsync(ct);
        }
        """;

    [Fact]
    public async Task Idiomatic_pipeline_code_has_no_diagnostics()
    {
        var (compilation, diagnostics, failures) = await CrashSweepTests.AnalyzeAsync(IdiomaticPipeline, CancellationToken.None);
        Assert.Empty(failures);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "clean code must compile:\n" + string.Join("\n", errors));
        Assert.True(diagnostics.IsEmpty, "clean code must have no findings:\n" + string.Join("\n", diagnostics));
    }
}
