using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.MalformedCacheControlAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.MalformedCacheControlAnalyzer,
    CachingArchitect.CodeFixes.Rules.Http.MalformedCacheControlCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE064Tests
{
    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(HttpTestSupport.Usings + source, null, RedisVersion.V3, expected);

    private static DiagnosticResult At(int location, string value, string problem) => VerifyCS.Diagnostic().WithLocation(location).WithArguments(value, problem).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task Malformed_values_through_every_write_shape() => Verify("""
        public class NewsController : ControllerBase
        {
            [HttpGet("news")]
            public string Get()
            {
                Response.Headers.CacheControl = {|#0:"max-age: 60"|};
                Response.Headers["Cache-Control"] = {|#1:"public, max-age=60s"|};
                Response.Headers.Append(HeaderNames.CacheControl, {|#2:"public max-age=60"|});
                Response.Headers.TryAdd("cache-control", {|#3:"s-maxage=abc"|});
                return "news";
            }
        }
        """,
        At(0, "max-age: 60", "is malformed: 'max-age' uses ':' instead of '='; caches ignore or misread it (meant: \"max-age=60\"?)"),
        At(1, "public, max-age=60s", "is malformed: 'max-age' needs an integer number of seconds, not '60s'; caches ignore or misread it (meant: \"public, max-age=60\"?)"),
        At(2, "public max-age=60", "is malformed: expected ',' between directives; caches ignore or misread it (meant: \"public, max-age=60\"?)"),
        At(3, "s-maxage=abc", "is malformed: 's-maxage' needs an integer number of seconds, not 'abc'; caches ignore or misread it"));

    [Fact]
    public Task Contradictory_values_in_minimal_api_and_middleware() => Verify("""
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/a", (HttpContext http) => http.Response.Headers.CacheControl = {|#0:"no-store, max-age=3600"|});
                app.Use(async (context, next) =>
                {
                    context.Response.Headers.CacheControl = {|#1:"public, private, max-age=60"|};
                    context.Response.Headers["Cache-Control"] = {|#2:"no-cache, immutable"|};
                    await next(context);
                });
            }
        }
        """,
        At(0, "no-store, max-age=3600", "is contradictory: 'no-store' with 'max-age=3600'"),
        At(1, "public, private, max-age=60", "is contradictory: 'public' with 'private'"),
        At(2, "no-cache, immutable", "is contradictory: 'no-cache' with 'immutable'"));

    [Fact]
    public Task Pragma_no_cache_next_to_cacheable_cache_control() => Verify("""
        public class IndexModel : PageModel
        {
            public void OnGet()
            {
                Response.Headers.CacheControl = "public, max-age=600";
                Response.Headers.Pragma = {|#0:"no-cache"|};
            }
        }
        """,
        At(0, "public, max-age=600", "conflicts with 'Pragma: no-cache' written on the same response: HTTP/1.0 caches read the Pragma, HTTP/1.1 caches the Cache-Control"));

    // ------------------------------------------------------------------ does not trigger (looks wrong, is fine)

    [Fact]
    public Task Typed_runtime_and_well_formed_values_are_fine() => Verify("""
        public class FilesController : ControllerBase
        {
            [HttpGet("files/{name}")]
            public void Get(string name, int seconds)
            {
                Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { NoStore = true, MaxAge = TimeSpan.FromSeconds(60) };
                Response.Headers.CacheControl = $"public, max-age={seconds}";
                Response.Headers.CacheControl = "public,max-age=31536000,immutable";
                Response.Headers.CacheControl = "no-store, no-cache, max-age=0";
                Response.Headers["Cache-Control"] = "private, max-age=0, must-revalidate, stale-while-revalidate=30";
                Response.Headers.CacheControl = "max-age=\"60\", x-vendor=\"a, b\"";
            }
        }
        """);

    [Fact]
    public Task No_cache_with_pragma_and_request_headers_are_fine() => Verify("""
        public class AccountController : Controller
        {
            public IActionResult Logout()
            {
                Response.Headers.CacheControl = "no-cache, no-store";
                Response.Headers.Pragma = "no-cache";
                Request.Headers.CacheControl = "max-age: 1";
                return View();
            }

            public IActionResult Page(bool flag)
            {
                if (flag)
                {
                    Response.Headers.Pragma = "no-cache";
                }
                else
                {
                    Response.Headers.CacheControl = "public, max-age=60";
                }

                return View();
            }
        }
        """);

    [Fact]
    public Task Http_client_headers_are_not_response_headers() => Verify("""
        public class Client
        {
            public void Configure(System.Net.Http.HttpRequestMessage request) =>
                request.Headers.TryAddWithoutValidation("Cache-Control", "max-age: 60");
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_rewrites_to_typed_header() => VerifyFix.VerifyFixAsync(HttpTestSupport.Usings + """
        public class NewsController : ControllerBase
        {
            [HttpGet("news")]
            public void Get()
            {
                Response.Headers.CacheControl = {|#0:"public, max-age: 60"|};
                HttpContext.Response.Headers["Cache-Control"] = {|#1:"max-age=30s, must-revalidate"|};
            }
        }
        """, HttpTestSupport.Usings + """
        public class NewsController : ControllerBase
        {
            [HttpGet("news")]
            public void Get()
            {
                Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(60) };
                HttpContext.Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { MaxAge = TimeSpan.FromSeconds(30), MustRevalidate = true };
            }
        }
        """,
        VerifyFix.Diagnostic().WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithLocation(0).WithArguments("public, max-age: 60", "is malformed: 'max-age' uses ':' instead of '='; caches ignore or misread it (meant: \"public, max-age=60\"?)"),
        VerifyFix.Diagnostic().WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithLocation(1).WithArguments("max-age=30s, must-revalidate", "is malformed: 'max-age' needs an integer number of seconds, not '30s'; caches ignore or misread it (meant: \"max-age=30, must-revalidate\"?)"));
}
