using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.SharedCacheablePersonalizedResponseAnalyzer>;
using VerifyEnd = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.SharedCacheablePersonalizedResponseGlobalAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.SharedCacheablePersonalizedResponseAnalyzer,
    CachingArchitect.CodeFixes.Rules.Http.SharedCacheablePersonalizedResponseCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE060Tests
{
    private const string Authorized = "requires authorization";

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(HttpTestSupport.Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyGlobal(string source, params DiagnosticResult[] expected) =>
        VerifyEnd.VerifyAsync(HttpTestSupport.Usings + source, null, RedisVersion.V3, expected);

    private static DiagnosticResult At(int location, string what, string endpoint, string value, string reason) =>
        VerifyCS.Diagnostic().WithLocation(location).WithArguments(what, endpoint, value, reason).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private static DiagnosticResult AtEnd(int location, string what, string endpoint, string value, string reason) =>
        VerifyEnd.Diagnostic().WithLocation(location).WithArguments(what, endpoint, value, reason).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    // ------------------------------------------------------------------ (a) [ResponseCache]

    [Fact]
    public Task Public_response_cache_on_authorized_or_personalized_actions() => Verify("""
        [Authorize]
        public class AccountController : Controller
        {
            [HttpGet, {|#0:ResponseCache(Duration = 60)|}]
            public IActionResult Profile() => View();
        }

        public class CartController : Controller
        {
            [{|#1:ResponseCache(Duration = 300, Location = ResponseCacheLocation.Any)|}]
            public IActionResult Summary() => Content(Request.Cookies["cart"] ?? "");
        }
        """,
        At(0, "[ResponseCache]", "Profile", "public, max-age=60", Authorized),
        At(1, "[ResponseCache]", "Summary", "public, max-age=300", "reads request cookies"));

    [Fact]
    public Task Type_level_attribute_is_reported_once() => Verify("""
        [Authorize, {|#0:ResponseCache(Duration = 120)|}]
        public class OrdersController : Controller
        {
            public IActionResult Index() => View();
            public IActionResult Details(int id) => View();
        }

        [{|#1:ResponseCache(Duration = 60)|}]
        public class IndexModel : PageModel
        {
            public string? Name { get; private set; }
            public void OnGet() => Name = User.Identity?.Name;
        }
        """,
        At(0, "[ResponseCache] on the type", "Index", "public, max-age=120", Authorized),
        At(1, "[ResponseCache] on the type", "OnGet", "public, max-age=60", "reads the current user"));

    // ------------------------------------------------------------------ (b) manual headers

    [Fact]
    public Task Manual_headers_in_minimal_api_and_controller() => Verify("""
        public class DashboardController : ControllerBase
        {
            [Authorize, HttpGet("dashboard")]
            public string Get()
            {
                {|#0:Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) }|};
                return "data";
            }
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/me", (HttpContext http) =>
                {
                    {|#1:http.Response.Headers.Append(HeaderNames.CacheControl, "s-maxage=600")|};
                    return http.User.Identity!.Name;
                });
                app.MapGet("/orders", (HttpContext http) => {|#2:http.Response.Headers["Cache-Control"] = "public, max-age=60"|}).RequireAuthorization();
            }
        }
        """,
        At(0, "This Cache-Control header", "Get", "public, max-age=300", Authorized),
        At(1, "This Cache-Control header", "/me", "s-maxage=600", "reads the current user"),
        At(2, "This Cache-Control header", "/orders", "public, max-age=60", Authorized));

    // ------------------------------------------------------------------ does not trigger (looks wrong, is fine)

    [Fact]
    public Task No_store_or_client_location_on_authorized_action() => Verify("""
        [Authorize]
        public class AccountController : Controller
        {
            [ResponseCache(Location = ResponseCacheLocation.None, NoStore = true)]
            public IActionResult Settings() => View();

            [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Client)]
            public IActionResult Avatar() => View();

            [ResponseCache(Duration = 0)]
            public IActionResult Fresh() => View();
        }
        """);

    [Fact]
    public Task Public_max_age_on_anonymous_static_asset_endpoint() => Verify("""
        public class AssetsController : Controller
        {
            [AllowAnonymous, HttpGet("assets/{name}"), ResponseCache(Duration = 31536000)]
            public IActionResult Get(string name) => PhysicalFile("/srv/assets/" + name, "application/octet-stream");
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/logo.svg", (HttpContext http) =>
                {
                    http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                    return Results.File("/srv/logo.svg", "image/svg+xml");
                });
            }
        }
        """);

    [Fact]
    public Task Header_chosen_by_user_vary_without_public_and_unsafe_verbs() => Verify("""
        public class NewsController : Controller
        {
            [HttpGet("news")]
            public IActionResult Index()
            {
                if (User.Identity?.IsAuthenticated == true)
                {
                    Response.Headers.CacheControl = "private, no-store";
                }
                else
                {
                    Response.Headers.CacheControl = "public, max-age=60";
                }

                return View();
            }

            [HttpGet("greeting")]
            public string Greeting()
            {
                Response.Headers.CacheControl = "s-maxage=60";
                Response.Headers.Vary = "Cookie";
                return "Hello " + Request.Cookies["name"];
            }

            [Authorize, HttpPost("orders"), ResponseCache(Duration = 60)]
            public IActionResult Create() => Ok();
        }
        """);

    [Fact]
    public Task Fallback_policy_and_profiles_are_left_to_the_compilation_end_twin() => Verify("""
        public static class Program
        {
            public static void Main(WebApplicationBuilder builder) =>
                builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        }

        public class ReportsController : Controller
        {
            [ResponseCache(Duration = 60)]
            public IActionResult Index() => View();
        }
        """);

    // ------------------------------------------------------------------ compilation end: fallback policy, global filter, profiles

    [Fact]
    public Task Fallback_policy_global_filter_and_profile() => VerifyGlobal("""
        public static class Program
        {
            public static void Main(WebApplicationBuilder builder)
            {
                builder.Services.AddControllers(o =>
                {
                    o.Filters.Add(new AuthorizeFilter());
                    o.CacheProfiles.Add("Public", new CacheProfile { Duration = 600 });
                    o.CacheProfiles.Add("Private", new CacheProfile { Duration = 600, Location = ResponseCacheLocation.Client });
                });
            }
        }

        public class ReportsController : Controller
        {
            [{|#0:ResponseCache(Duration = 60)|}]
            public IActionResult Index() => View();

            [{|#1:ResponseCache(CacheProfileName = "Public")|}]
            public IActionResult Summary() => View();

            [ResponseCache(CacheProfileName = "Private")]
            public IActionResult Mine() => View();

            [AllowAnonymous, ResponseCache(CacheProfileName = "Public")]
            public IActionResult About() => View();
        }
        """,
        AtEnd(0, "[ResponseCache]", "Index", "public, max-age=60", "is protected by a fallback authorization policy or a global authorization filter"),
        AtEnd(1, "[ResponseCache]", "Summary", "public, max-age=600", "is protected by a fallback authorization policy or a global authorization filter"));

    [Fact]
    public Task Without_global_authorization_the_twin_is_silent() => VerifyGlobal("""
        public class PublicController : Controller
        {
            [ResponseCache(Duration = 60)]
            public IActionResult Index() => View();
        }
        """);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_makes_responses_private() => VerifyFix.VerifyFixAsync(HttpTestSupport.Usings + """
        [Authorize]
        public class AccountController : Controller
        {
            [{|#0:ResponseCache(Duration = 60)|}]
            public IActionResult Profile() => View();

            [{|#1:ResponseCache(Duration = 60, Location = ResponseCacheLocation.Any)|}]
            public IActionResult Orders() => View();

            public void Headers()
            {
                {|#2:Response.Headers.CacheControl = "public, max-age=60, s-maxage=600"|};
                {|#3:Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(1) }|};
            }
        }
        """, HttpTestSupport.Usings + """
        [Authorize]
        public class AccountController : Controller
        {
            [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Client)]
            public IActionResult Profile() => View();

            [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Client)]
            public IActionResult Orders() => View();

            public void Headers()
            {
                Response.Headers.CacheControl = "private, max-age=60";
                Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Private = true, MaxAge = TimeSpan.FromMinutes(1) };
            }
        }
        """,
        At(0, "[ResponseCache]", "Profile", "public, max-age=60", Authorized),
        At(1, "[ResponseCache]", "Orders", "public, max-age=60", Authorized),
        At(2, "This Cache-Control header", "Headers", "public, max-age=60, s-maxage=600", Authorized),
        At(3, "This Cache-Control header", "Headers", "public, max-age=60", Authorized));
}
