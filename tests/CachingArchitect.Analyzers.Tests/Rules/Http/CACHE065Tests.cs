using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Http.SharedCacheableResponseSetsCookiesAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE065Tests
{
    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(HttpTestSupport.Usings + source, null, RedisVersion.V3, expected);

    private static DiagnosticResult At(int location, string what, string value) =>
        VerifyCS.Diagnostic().WithLocation(location).WithArguments(what, value).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task Cookies_on_public_responses_in_controller_page_and_minimal_api() => Verify("""
        public class HomeController : Controller
        {
            [ResponseCache(Duration = 600)]
            public IActionResult Index()
            {
                Response.Cookies.{|#0:Append|}("visited", "1");
                return View();
            }
        }

        [ResponseCache(Duration = 60)]
        public class ContactModel(IAntiforgery antiforgery) : PageModel
        {
            public void OnGet() => antiforgery.{|#1:GetAndStoreTokens|}(HttpContext);
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/welcome", (HttpContext http) =>
                {
                    http.Response.Headers.CacheControl = "public, max-age=300";
                    http.Session.{|#2:SetString|}("welcomed", "yes");
                    return "hi";
                });
            }
        }
        """,
        At(0, "Response.Cookies.Append", "public, max-age=600"),
        At(1, "antiforgery token generation ('GetAndStoreTokens')", "public, max-age=60"),
        At(2, "a session write ('SetString')", "public, max-age=300"));

    [Fact]
    public Task Sign_in_on_a_cached_get() => Verify("""
        public class AutoLoginController : Controller
        {
            [HttpGet("magic/{token}"), ResponseCache(Duration = 60)]
            public async Task<IActionResult> Login(string token)
            {
                await HttpContext.{|#0:SignInAsync|}(new System.Security.Claims.ClaimsPrincipal());
                return Redirect("/");
            }
        }
        """,
        At(0, "'SignInAsync'", "public, max-age=60"));

    // ------------------------------------------------------------------ does not trigger (looks wrong, is fine)

    [Fact]
    public Task Private_or_no_store_responses_with_cookies() => Verify("""
        public class HomeController : Controller
        {
            [ResponseCache(Duration = 600, Location = ResponseCacheLocation.Client)]
            public IActionResult Index()
            {
                Response.Cookies.Append("visited", "1");
                return View();
            }

            [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
            public IActionResult Consent()
            {
                Response.Cookies.Append("consent", "yes");
                return View();
            }
        }
        """);

    [Fact]
    public Task Login_post_under_a_cached_controller() => Verify("""
        [ResponseCache(Duration = 60)]
        public class AccountController : Controller
        {
            [HttpPost("login")]
            public async Task<IActionResult> Login()
            {
                await HttpContext.SignInAsync(new System.Security.Claims.ClaimsPrincipal());
                return Redirect("/");
            }
        }
        """);

    [Fact]
    public Task Cookie_set_in_branch_that_also_marks_response_private() => Verify("""
        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/home", (HttpContext http) =>
                {
                    if (!http.Request.Cookies.ContainsKey("visitor"))
                    {
                        http.Response.Headers.CacheControl = "private, no-store";
                        http.Response.Cookies.Append("visitor", Guid.NewGuid().ToString());
                        return "welcome";
                    }

                    http.Response.Headers.CacheControl = "public, max-age=60";
                    return "home";
                });
                app.MapGet("/static", (HttpContext http) =>
                {
                    http.Response.Headers.CacheControl = "public, max-age=60";
                    return "static";
                });
            }
        }
        """);
}
