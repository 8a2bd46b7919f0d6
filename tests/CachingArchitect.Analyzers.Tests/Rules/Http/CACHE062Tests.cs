using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = CachingArchitect.Analyzers.Rules.Http.CachingMiddlewareOrderAnalyzer;
using Fix = CachingArchitect.CodeFixes.Rules.Http.CachingMiddlewareOrderCodeFix;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.CachingMiddlewareOrderAnalyzer,
    CachingArchitect.CodeFixes.Rules.Http.CachingMiddlewareOrderCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE062Tests
{
    private const string AuthMessage = "'UseOutputCache' runs before 'UseAuthentication', 'UseAuthorization': cached content can be served to unauthorized users, and a cookie-authenticated user still looks anonymous to the caching policy: register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints";

    private static DiagnosticResult Diagnostic(int location) => VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private static Task VerifyProgram(string source, params DiagnosticResult[] expected) =>
        ProgramVerifier<Analyzer>.VerifyAsync(HttpSources.Usings + source, expected);

    private static Task VerifyProgramFix(string source, string fixedSource, params DiagnosticResult[] expected) =>
        ProgramVerifier<Analyzer, Fix>.VerifyFixAsync(HttpSources.Usings + source, HttpSources.Usings + fixedSource, expected);

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Verifier<Analyzer>.VerifyAsync(HttpSources.Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyFix(string source, string fixedSource, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyFixAsync(HttpSources.Usings + source, HttpSources.Usings + fixedSource, expected);

    // ------------------------------------------------------------------ triggers and fixes

    [Fact]
    public Task Top_level_output_cache_before_authentication_moves_after_authorization() => VerifyProgramFix("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseHttpsRedirection();
        app.{|#0:UseOutputCache|}();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/products", () => "all").CacheOutput();
        app.Run();
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseHttpsRedirection();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapGet("/products", () => "all").CacheOutput();
        app.Run();
        """,
        Diagnostic(0).WithArguments(AuthMessage));

    [Fact]
    public Task Top_level_output_cache_before_cors() => VerifyProgramFix("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddCors();
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.{|#0:UseOutputCache|}();
        app.UseCors(p => p.AllowAnyOrigin());
        app.MapGet("/products", () => "all").CacheOutput();
        app.Run();
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddCors();
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseCors(p => p.AllowAnyOrigin());
        app.UseOutputCache();
        app.MapGet("/products", () => "all").CacheOutput();
        app.Run();
        """,
        Diagnostic(0).WithArguments("'UseOutputCache' runs before 'UseCors', so cached responses are served without the CORS headers: register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints"));

    [Fact]
    public Task Startup_configure_with_controllers_output_cache_before_routing() => VerifyFix("""
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.{|#0:UseOutputCache|}();
                app.UseRouting();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
            }
        }
        """, """
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseRouting();
                app.UseOutputCache();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
            }
        }
        """,
        Diagnostic(0).WithArguments("'UseOutputCache' runs before 'UseRouting', so the endpoint's [OutputCache] policy is not known yet when the middleware runs: register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints"));

    [Fact]
    public Task Razor_pages_app_output_cache_before_routing_and_auth() => VerifyProgramFix("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRazorPages();
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseStaticFiles();
        app.{|#0:UseOutputCache|}();
        app.UseRouting();
        app.UseAuthorization();
        app.MapRazorPages();
        app.Run();
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRazorPages();
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapRazorPages();
        app.Run();
        """,
        Diagnostic(0).WithArguments("'UseOutputCache' runs before 'UseRouting', 'UseAuthorization': cached content can be served to unauthorized users, and a cookie-authenticated user still looks anonymous to the caching policy: register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints"));

    [Fact]
    public Task Response_caching_before_cors() => VerifyFix("""
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseRouting();
                app.{|#0:UseResponseCaching|}();
                app.UseCors();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
            }
        }
        """, """
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseRouting();
                app.UseCors();
                app.UseResponseCaching();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
            }
        }
        """,
        Diagnostic(0).WithArguments("'UseResponseCaching' runs before 'UseCors', so responses are cached and served without the CORS headers: register it after UseCors and before the endpoints"));

    [Fact]
    public Task Response_caching_after_use_endpoints_moves_before_it() => VerifyFix("""
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseRouting();
                app.UseCors();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
                app.{|#0:UseResponseCaching|}();
            }
        }
        """, """
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseRouting();
                app.UseCors();
                app.UseResponseCaching();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
            }
        }
        """,
        Diagnostic(0).WithArguments("'UseResponseCaching' is registered after the terminal 'UseEndpoints' middleware, so it never sees the requests the endpoints handle: register it after UseCors and before the endpoints"));

    [Fact]
    public Task Output_cache_after_terminal_run_delegate() => Verify("""
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.Run(context => context.Response.WriteAsync("hello"));
                app.{|#0:UseOutputCache|}();
            }
        }
        """,
        Diagnostic(0).WithArguments("'UseOutputCache' is registered after the terminal 'Run' middleware, so it never sees the requests the endpoints handle: register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints"));

    [Fact]
    public Task Fluent_chain_and_alias_are_followed_but_not_fixed() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        IApplicationBuilder pipeline = app;
        pipeline.UseHttpsRedirection().{|#0:UseOutputCache|}().UseAuthentication();
        pipeline.UseAuthorization();
        app.MapGet("/", () => "hi");
        app.Run();
        """,
        Diagnostic(0).WithArguments(AuthMessage));

    [Fact]
    public Task Conditional_cors_after_the_cache_is_still_reported_and_the_move_goes_after_the_if() => VerifyProgramFix("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.{|#0:UseOutputCache|}();
        if (app.Environment.IsDevelopment())
        {
            app.UseCors(p => p.AllowAnyOrigin());
        }

        app.MapGet("/", () => "hi").CacheOutput();
        app.Run();
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        if (app.Environment.IsDevelopment())
        {
            app.UseCors(p => p.AllowAnyOrigin());
        }
        app.UseOutputCache();

        app.MapGet("/", () => "hi").CacheOutput();
        app.Run();
        """,
        Diagnostic(0).WithArguments("'UseOutputCache' runs before 'UseCors', so cached responses are served without the CORS headers: register it after UseCors, UseRouting, UseAuthentication and UseAuthorization and before the endpoints"));

    [Fact]
    public Task Fix_all_in_several_pipelines() => VerifyFix("""
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.{|#0:UseOutputCache|}();
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseEndpoints(e => e.MapGet("/", () => "hi"));
            }
        }

        public class AdminStartup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.{|#1:UseOutputCache|}();
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseEndpoints(e => e.MapGet("/admin", () => "hi"));
            }
        }
        """, """
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseOutputCache();
                app.UseEndpoints(e => e.MapGet("/", () => "hi"));
            }
        }

        public class AdminStartup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.UseOutputCache();
                app.UseEndpoints(e => e.MapGet("/admin", () => "hi"));
            }
        }
        """,
        Diagnostic(0).WithArguments(AuthMessage),
        Diagnostic(1).WithArguments(AuthMessage));

    // ------------------------------------------------------------------ does not trigger ("looks wrong but is fine")

    [Fact]
    public Task Documented_order_is_clean() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddCors();
        builder.Services.AddOutputCache();
        builder.Services.AddResponseCaching();
        var app = builder.Build();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseResponseCaching();
        app.UseOutputCache();
        app.MapControllers();
        app.Run();
        """);

    [Fact]
    public Task Output_cache_written_after_map_calls_is_fine_because_web_application_runs_endpoints_last() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/products", () => "all").CacheOutput();
        app.MapControllers();
        app.UseOutputCache();
        app.Run();
        """);

    [Fact]
    public Task Minimal_api_app_without_controllers_may_register_output_cache_before_explicit_routing() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseOutputCache();
        app.UseRouting();
        app.MapGet("/products", () => "all").CacheOutput();
        app.Run();
        """);

    [Fact]
    public Task Response_caching_before_authentication_is_fine() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddResponseCaching();
        var app = builder.Build();
        app.UseCors();
        app.UseResponseCaching();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => "hi");
        app.Run();
        """);

    [Fact]
    public Task Pipeline_split_across_helper_methods_is_not_reported() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseSecurity();
        app.UseCaching();
        app.MapGet("/", () => "hi").CacheOutput();
        app.Run();

        static class PipelineExtensions
        {
            public static IApplicationBuilder UseCaching(this IApplicationBuilder app)
            {
                app.UseOutputCache();
                return app;
            }

            public static IApplicationBuilder UseSecurity(this IApplicationBuilder app) =>
                app.UseAuthentication().UseAuthorization();
        }
        """);

    [Fact]
    public Task Branch_pipeline_is_its_own_builder() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api => api.UseOutputCache());
        app.MapGet("/api/products", () => "all").CacheOutput();
        app.Run();
        """);

    [Fact]
    public Task Exclusive_branches_are_not_ordered_against_each_other() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        if (app.Environment.IsDevelopment())
        {
            app.UseOutputCache();
        }
        else
        {
            app.UseAuthentication();
            app.UseOutputCache();
        }

        app.MapGet("/", () => "hi");
        app.Run();
        """);

    [Fact]
    public Task Erroneous_code_does_not_crash() => Verify("""
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.{|CS1501:UseOutputCache|}(42);
                app.{|CS1061:UseAuthenticationX|}();
                app.UseAuthentication();
            }
        }
        """);
}
