using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.ResponseCacheThrowsAnalyzer>;
using VerifyEnd = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.ResponseCacheThrowsGlobalAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.ResponseCacheThrowsAnalyzer,
    CachingArchitect.CodeFixes.Rules.Http.ResponseCacheThrowsCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE063Tests
{
    private const string NoDuration = "Duration is not set and NoStore is not true";

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(HttpTestSupport.Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyGlobal(string source, params DiagnosticResult[] expected) =>
        VerifyEnd.VerifyAsync(HttpTestSupport.Usings + source, null, RedisVersion.V3, expected);

    private static DiagnosticResult Live(int location, string reason) => VerifyCS.Diagnostic().WithLocation(location).WithArguments(reason);

    private static DiagnosticResult Global(int location, string reason) => VerifyEnd.Diagnostic().WithLocation(location).WithArguments(reason);

    // ------------------------------------------------------------------ (a) missing Duration

    [Fact]
    public Task Duration_that_does_not_bind_is_not_reported() => Verify("""
        public class SitemapController : Controller
        {
            // Half-typed, or a constant of a project that is not referenced: the attribute may set Duration after all.
            [ResponseCache(Location = ResponseCacheLocation.Any, Duration = {|CS0103:CacheDurations|}.Short)]
            public IActionResult Index() => Ok();

            [ResponseCache(Location = ResponseCacheLocation.Any, {|CS0246:Duraton|} = 60)]
            public IActionResult Misspelled() => Ok();
        }
        """);

    [Fact]
    public Task Missing_duration_on_action_controller_and_page_model() => Verify("""
        [{|#0:ResponseCache(VaryByHeader = "Accept-Language")|}]
        public class HomeController : Controller
        {
            [{|#1:ResponseCache(Location = ResponseCacheLocation.Client)|}]
            public IActionResult Index() => View();
        }

        [{|#2:ResponseCache(Location = ResponseCacheLocation.Any)|}]
        public class IndexModel : PageModel
        {
            public void OnGet() { }
        }
        """,
        Live(0, NoDuration), Live(1, NoDuration), Live(2, NoDuration));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Location_none_alone_is_accepted_after_6_0() => Verify("""
        public class AccountController : Controller
        {
            [Authorize, ResponseCache(Location = ResponseCacheLocation.None)]
            public IActionResult Settings() => View();
        }
        """);

    [Fact]
    public Task Duration_or_no_store_or_profile_is_fine() => Verify("""
        [Authorize]
        public class ReportsController : Controller
        {
            [ResponseCache(Location = ResponseCacheLocation.None, NoStore = true)]
            public IActionResult Private() => View();

            [ResponseCache(Duration = 0, Location = ResponseCacheLocation.Client)]
            public IActionResult Revalidate() => View();

            [ResponseCache(CacheProfileName = "Default")]
            public IActionResult Profiled() => View();
        }
        """);

    [Fact]
    public Task Attribute_on_page_handler_or_plain_class_never_runs() => Verify("""
        public class IndexModel : PageModel
        {
            [ResponseCache(VaryByHeader = "Accept")]
            public void OnGet() { }
        }

        [ResponseCache(VaryByHeader = "Accept")]
        public class NotAController { }
        """);

    // ------------------------------------------------------------------ (b), (c) and profile (a): compilation end

    [Fact]
    public Task Vary_by_query_keys_without_use_response_caching() => VerifyGlobal("""
        public static class Program
        {
            public static void Main(WebApplicationBuilder builder)
            {
                builder.Services.AddControllers();
                builder.Services.AddResponseCaching();
                var app = builder.Build();
                app.MapControllers();
            }
        }

        public class SearchController : Controller
        {
            [{|#0:ResponseCache(Duration = 60, VaryByQueryKeys = new[] { "q" })|}]
            public IActionResult Index(string q) => View();
        }
        """,
        Global(0, "VaryByQueryKeys requires the Response Caching Middleware, and the app never calls UseResponseCaching()"));

    [Fact]
    public Task Vary_by_query_keys_with_middleware_or_in_a_class_library_is_fine() => VerifyGlobal("""
        public static class Program
        {
            public static void Main(WebApplication app)
            {
                app.UseResponseCaching();
                app.MapControllers();
            }
        }

        public class SearchController : Controller
        {
            [ResponseCache(Duration = 60, VaryByQueryKeys = new[] { "q" })]
            public IActionResult Index(string q) => View();
        }
        """);

    [Fact]
    public Task Undefined_profile_and_profile_without_duration() => VerifyGlobal("""
        public static class Program
        {
            public static void Main(WebApplicationBuilder builder)
            {
                builder.Services.AddControllers(o =>
                {
                    o.CacheProfiles.Add("Default", new CacheProfile { Duration = 60 });
                    o.CacheProfiles["Vary"] = new CacheProfile { VaryByHeader = "Accept" };
                });
            }
        }

        public class HomeController : Controller
        {
            [{|#0:ResponseCache(CacheProfileName = "Defualt")|}]
            public IActionResult Index() => View();

            [{|#1:ResponseCache(CacheProfileName = "Vary")|}]
            public IActionResult Other() => View();

            [ResponseCache(CacheProfileName = "Default")]
            public IActionResult Fine() => View();

            [ResponseCache(CacheProfileName = "Vary", Duration = 30)]
            public IActionResult AlsoFine() => View();
        }
        """,
        Global(0, "the cache profile 'Defualt' is not defined in MvcOptions.CacheProfiles"),
        Global(1, "neither the attribute nor the cache profile 'Vary' sets Duration, and NoStore is not true"));

    [Fact]
    public Task Profiles_from_configuration_are_unknown() => VerifyGlobal("""
        public static class Program
        {
            public static void Main(WebApplicationBuilder builder)
            {
                builder.Services.AddControllers(o =>
                {
                    foreach (var section in builder.Configuration.GetSection("CacheProfiles").GetChildren())
                    {
                        o.CacheProfiles.Add(section.Key, new CacheProfile { Duration = int.Parse(section.Value!) });
                    }
                });
            }
        }

        public class HomeController : Controller
        {
            [ResponseCache(CacheProfileName = "FromConfig")]
            public IActionResult Index() => View();
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_adds_duration() => VerifyFix.VerifyFixAsync(HttpTestSupport.Usings + """
        public class HomeController : Controller
        {
            [{|#0:ResponseCache(VaryByHeader = "Accept")|}]
            public IActionResult Index() => View();

            [{|#1:ResponseCache|}]
            public IActionResult Other() => View();
        }
        """, HttpTestSupport.Usings + """
        public class HomeController : Controller
        {
            [ResponseCache(VaryByHeader = "Accept", Duration = 60)]
            public IActionResult Index() => View();

            [ResponseCache(Duration = 60)]
            public IActionResult Other() => View();
        }
        """,
        VerifyFix.Diagnostic().WithLocation(0).WithArguments(NoDuration),
        VerifyFix.Diagnostic().WithLocation(1).WithArguments(NoDuration));
}
