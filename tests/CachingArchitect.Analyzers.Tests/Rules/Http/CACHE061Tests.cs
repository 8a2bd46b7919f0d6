using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = CachingArchitect.Analyzers.Rules.Http.PersonalizedOutputCacheAnalyzer;
using EndAnalyzer = CachingArchitect.Analyzers.Rules.Http.PersonalizedOutputCacheEndpointAnalyzer;

namespace CachingArchitect.Analyzers.Tests.Rules.Http;

public class CACHE061Tests
{
    private const string Usings = """
        using System.Security.Claims;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Primitives;
        using Microsoft.Net.Http.Headers;

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        Verifier<Analyzer>.VerifyAsync(HttpSources.Usings + Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyEnd(string source, params DiagnosticResult[] expected) =>
        Verifier<EndAnalyzer>.VerifyAsync(HttpSources.Usings + Usings + source, null, RedisVersion.V3, expected);

    private static Task VerifyProgram(string source, params DiagnosticResult[] expected) =>
        ProgramVerifier<EndAnalyzer>.VerifyAsync(HttpSources.Usings + Usings + source, expected);

    private static DiagnosticResult Policy(string type, string property) =>
        Verifier<Analyzer>.Diagnostic().WithLocation(0).WithArguments(
            $"The output-cache policy '{type}' turns caching on ('{property}') without checking 'User.Identity.IsAuthenticated' or the Authorization header and without a per-user vary value: " +
            "responses to signed-in users are stored and served to everyone; bail out for authenticated requests as the default policy does, or vary by the user");

    private static DiagnosticResult State(string what, string read, string fix) =>
        Verifier<EndAnalyzer>.Diagnostic().WithLocation(0).WithArguments(
            $"The response of this output-cached endpoint depends on {what} ('{read}'), but its output-cache policy does not vary by it: " +
            $"the first caller's response is stored and served to everyone; add {fix} to the policy, or don't cache the endpoint");

    private static DiagnosticResult Header(string header, string read) => State($"the '{header}' request header", read, $"SetVaryByHeader(\"{header}\")");

    private static DiagnosticResult Cookies(string read) => State("request cookies", read, "VaryByValue(…) on the cookie value (or SetVaryByHeader(\"Cookie\"))");

    private static DiagnosticResult User(string type, string read) =>
        Verifier<EndAnalyzer>.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            $"The output-cache policy '{type}' caches responses to authenticated requests, and this endpoint's response depends on the user ('{read}') " +
            "while nothing varies the cache key per user: one user's response is served to other users; vary by the user id (VaryByValue) or don't cache the endpoint");

    // The docs' "override the default policy" sample: caching for every GET/HEAD, no IsAuthenticated check.
    private const string DocsPolicy = """
        public sealed class MyCustomPolicy : IOutputCachePolicy
        {
            public static readonly MyCustomPolicy Instance = new();

            private MyCustomPolicy()
            {
            }

            ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
            {
                var attemptOutputCaching = AttemptOutputCaching(context);
                context.EnableOutputCaching = true;
                {|#0:context.AllowCacheLookup = attemptOutputCaching|};
                context.AllowCacheStorage = attemptOutputCaching;
                context.AllowLocking = true;
                context.CacheVaryByRules.QueryKeys = "*";
                return ValueTask.CompletedTask;
            }

            ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
            {
                var response = context.HttpContext.Response;
                if (!StringValues.IsNullOrEmpty(response.Headers.SetCookie))
                {
                    context.AllowCacheStorage = false;
                    return ValueTask.CompletedTask;
                }

                if (response.StatusCode != StatusCodes.Status200OK)
                {
                    context.AllowCacheStorage = false;
                }

                return ValueTask.CompletedTask;
            }

            private static bool AttemptOutputCaching(OutputCacheContext context)
            {
                var request = context.HttpContext.Request;
                return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
            }
        }

        """;

    // ------------------------------------------------------------------ (a) custom policies

    [Fact]
    public Task Docs_override_sample_without_an_authentication_check() => Verify(DocsPolicy, Policy("MyCustomPolicy", "AllowCacheLookup"));

    [Fact]
    public Task Policy_that_always_allows_storage() => Verify("""
        public class CacheEverythingPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                context.EnableOutputCaching = true;
                {|#0:context.AllowCacheStorage = true|};
                context.AllowCacheLookup = true;
                context.CacheVaryByRules.CacheKeyPrefix = "v2";
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """, Policy("CacheEverythingPolicy", "AllowCacheStorage"));

    [Fact]
    public Task Looks_wrong_but_fine_policy_bails_out_for_authenticated_users() => Verify("""
        public sealed class AnonymousOnlyPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                var attempt = IsCacheable(context.HttpContext);
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = attempt;
                context.AllowCacheStorage = attempt;
                context.CacheVaryByRules.QueryKeys = "*";
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            private static bool IsCacheable(HttpContext http)
            {
                if (!HttpMethods.IsGet(http.Request.Method))
                {
                    return false;
                }

                return http.User.Identity?.IsAuthenticated != true;
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_fine_policy_checks_the_authorization_header() => Verify("""
        public sealed class PublicApiPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                var request = context.HttpContext.Request;
                var anonymous = StringValues.IsNullOrEmpty(request.Headers.Authorization);
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = anonymous;
                context.AllowCacheStorage = anonymous;
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """);

    [Fact]
    public Task Policy_that_varies_by_user_or_tenant_does_not_trigger() => Verify("""
        public sealed class TenantPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = true;
                context.AllowCacheStorage = true;
                context.CacheVaryByRules.VaryByValues["tenant"] = context.HttpContext.Request.Host.Host;
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }

        public sealed class PerSessionPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = true;
                context.AllowCacheStorage = true;
                context.CacheVaryByRules.HeaderNames = new StringValues(new[] { "Accept-Language", "Cookie" });
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """);

    [Fact]
    public Task Policies_that_only_restrict_caching_or_delegate_the_decision_do_not_trigger() => Verify("""
        public static class CachePolicyRules
        {
            public static bool IsCacheable(OutputCacheContext context) => context.HttpContext.User.Identity?.IsAuthenticated != true;
        }

        public sealed class NoStoreOnErrorsPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
            {
                if (context.HttpContext.Response.StatusCode >= 400)
                {
                    context.AllowCacheStorage = false;
                }

                return ValueTask.CompletedTask;
            }
        }

        public sealed class SharedRulesPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                var cacheable = CachePolicyRules.IsCacheable(context);
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = cacheable;
                context.AllowCacheStorage = cacheable;
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """);

    // ------------------------------------------------------------------ (b) endpoints whose response depends on request state

    [Fact]
    public Task Minimal_api_response_built_from_a_cookie() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseOutputCache();
        app.MapGet("/home", (HttpRequest request) =>
        {
            var theme = {|#0:request.Cookies|}["theme"] ?? "light";
            return Results.Content($"<body class='{theme}'>Welcome</body>", "text/html");
        }).CacheOutput();
        app.Run();
        """, Cookies("request.Cookies"));

    [Fact]
    public Task Minimal_api_group_cache_and_accept_language_header() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache(o => o.AddBasePolicy(b => b.Expire(TimeSpan.FromSeconds(30))));
        var app = builder.Build();
        app.UseOutputCache();
        var content = app.MapGroup("/content").CacheOutput(b => b.Expire(TimeSpan.FromMinutes(5)));
        content.MapGet("/terms", (HttpContext http) =>
        {
            var language = {|#0:http.Request.Headers.AcceptLanguage|}.ToString();
            return language.StartsWith("de") ? "Nutzungsbedingungen" : "Terms of use";
        });
        app.Run();
        """, Header("Accept-Language", "http.Request.Headers.AcceptLanguage"));

    [Fact]
    public Task Controller_action_with_output_cache_reads_a_header_into_the_model() => VerifyEnd("""
        public sealed record Greeting(string Text);

        public class HomeController : Controller
        {
            [OutputCache(Duration = 60)]
            public IActionResult Index()
            {
                var language = (string?){|#0:Request.Headers["Accept-Language"]|} ?? "en";
                var model = new Greeting(language.StartsWith("fr") ? "Bonjour" : "Hello");
                return View(model);
            }
        }
        """, Header("Accept-Language", "Request.Headers[\"Accept-Language\"]"));

    [Fact]
    public Task Razor_page_model_renders_a_session_value() => VerifyEnd("""
        [OutputCache(Duration = 120)]
        public class IndexModel : PageModel
        {
            public string DisplayName { get; private set; } = "";

            public void OnGet()
            {
                DisplayName = {|#0:HttpContext.Session|}.GetString("display-name") ?? "guest";
            }
        }
        """, State("the session", "HttpContext.Session", "VaryByValue(…) on the session value"));

    [Fact]
    public Task Named_policy_registered_elsewhere_without_the_header() => VerifyEnd("""
        public static class CachingSetup
        {
            public static void AddCaching(IServiceCollection services) =>
                services.AddOutputCache(o => o.AddPolicy("catalog", b => b.Expire(TimeSpan.FromMinutes(10)).SetVaryByQuery("page")));
        }

        [ApiController]
        [Route("api/catalog")]
        public class CatalogController : ControllerBase
        {
            [HttpGet]
            [OutputCache(PolicyName = "catalog")]
            public ActionResult<string[]> Get([FromHeader(Name = "X-Tenant")] string tenant) =>
                new[] { {|#0:tenant|} + ":shoes", "hats" };
        }
        """, Header("X-Tenant", "tenant"));

    [Fact]
    public Task Looks_wrong_but_fine_named_policy_varies_by_the_header() => VerifyEnd("""
        public static class CachingSetup
        {
            public static void AddCaching(IServiceCollection services) =>
                services.AddOutputCache(o => o.AddPolicy("localized", b => b.Expire(TimeSpan.FromMinutes(10)).SetVaryByHeader(HeaderNames.AcceptLanguage)));
        }

        public class HomeController : Controller
        {
            [OutputCache(PolicyName = "localized")]
            public IActionResult Index()
            {
                var language = Request.Headers.AcceptLanguage.ToString();
                return Content(language.StartsWith("fr") ? "Bonjour" : "Hello");
            }
        }
        """);

    [Fact]
    public Task Looks_wrong_but_fine_cookie_read_only_for_logging() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseOutputCache();
        app.MapGet("/products", (HttpRequest request, ILogger<Program> logger) =>
        {
            var campaign = request.Cookies["utm_campaign"];
            logger.LogInformation("Catalog viewed from campaign {Campaign}", campaign);
            if (request.Headers.UserAgent.ToString().Contains("bot"))
            {
                logger.LogDebug("crawler");
            }

            return Results.Ok(new[] { "shoes", "hats" });
        }).CacheOutput();
        app.Run();
        """);

    [Fact]
    public Task Looks_wrong_but_fine_base_policy_varies_by_value() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache(o => o.AddBasePolicy(b => b.VaryByValue(ctx => new KeyValuePair<string, string>("theme", ctx.Request.Cookies["theme"] ?? "light"))));
        var app = builder.Build();
        app.UseOutputCache();
        app.MapGet("/home", (HttpRequest request) => $"theme: {request.Cookies["theme"]}").CacheOutput();
        app.Run();
        """);

    [Fact]
    public Task Unknown_or_disabled_policies_and_cookie_writing_responses_do_not_trigger() => VerifyEnd("""
        public class AccountController : Controller
        {
            [OutputCache(PolicyName = "registered-in-a-library")]
            public IActionResult Profile() => Content(Request.Cookies["name"] ?? "guest");

            [OutputCache(NoStore = true)]
            public IActionResult Theme() => Content(Request.Cookies["theme"] ?? "light");

            [OutputCache(Duration = 30)]
            public IActionResult Consent()
            {
                var consent = Request.Cookies["consent"] ?? "none";
                Response.Cookies.Append("seen", "1");
                return Content(consent);
            }

            public IActionResult NotCached() => Content(Request.Cookies["name"] ?? "guest");

            [OutputCache(Duration = 30)]
            public IActionResult Token() => Content(Request.Headers.Authorization.ToString().Length.ToString());
        }

        public class PrivacyModel : PageModel
        {
            public string Theme { get; private set; } = "";

            [OutputCache(Duration = 30)]
            public void OnGet() => Theme = Request.Cookies["theme"] ?? "light";
        }
        """);

    [Fact]
    public Task Controller_view_data_from_a_cookie() => VerifyEnd("""
        [OutputCache(Duration = 60)]
        public class LayoutController : Controller
        {
            public IActionResult Index()
            {
                ViewData["Theme"] = {|#0:Request.Cookies|}["theme"] ?? "light";
                return View();
            }
        }
        """, Cookies("Request.Cookies"));

    [Fact]
    public Task Minimal_api_writes_a_header_to_the_response_body() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache();
        var app = builder.Build();
        app.UseOutputCache();
        app.MapGet("/agent", async (HttpContext http) => await http.Response.WriteAsync("You use " + {|#0:http.Request.Headers.UserAgent|})).CacheOutput();
        app.Run();
        """, Header("User-Agent", "http.Request.Headers.UserAgent"));

    [Fact]
    public Task Looks_wrong_but_fine_razor_page_varies_by_the_header_it_renders() => VerifyEnd("""
        [OutputCache(Duration = 300, VaryByHeaderNames = new[] { "Accept-Language" })]
        public class TermsModel : PageModel
        {
            public string Heading { get; private set; } = "";

            public void OnGet() => Heading = Request.Headers.AcceptLanguage.ToString().StartsWith("de") ? "Nutzungsbedingungen" : "Terms";
        }

        [OutputCache(Duration = 300)]
        public class BannerModel : PageModel
        {
            public string Heading { get; private set; } = "Sale";

            public void OnGet()
            {
                if (Request.Cookies.ContainsKey("seen-banner"))
                {
                    HttpContext.Items["banner"] = true;
                }
            }
        }
        """);

    [Fact]
    public Task Policy_deriving_from_a_source_base_policy_is_not_judged_alone() => Verify("""
        public abstract class PolicyBase : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                if (context.HttpContext.User.Identity?.IsAuthenticated == true)
                {
                    return ValueTask.CompletedTask;
                }

                Enable(context);
                return ValueTask.CompletedTask;
            }

            protected abstract void Enable(OutputCacheContext context);

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }

        public sealed class CatalogPolicy : PolicyBase
        {
            protected override void Enable(OutputCacheContext context)
            {
                context.AllowCacheLookup = true;
                context.AllowCacheStorage = true;
            }
        }
        """);

    // ------------------------------------------------------------------ (c) authenticated caching

    [Fact]
    public Task Authenticated_caching_policy_on_an_authorized_endpoint_that_renders_the_user() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache(o => o.AddPolicy("members", b => b.AddPolicy<MembersPolicy>().Expire(TimeSpan.FromMinutes(1))));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapGet("/me", (ClaimsPrincipal user) => $"Hello {user.Identity?.Name}").RequireAuthorization().{|#0:CacheOutput|}("members");
        app.Run();

        public sealed class MembersPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                if (context.HttpContext.User.Identity?.IsAuthenticated == true)
                {
                    context.EnableOutputCaching = true;
                    context.AllowCacheLookup = true;
                    context.AllowCacheStorage = true;
                }

                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """, User("MembersPolicy", "user"));

    [Fact]
    public Task Docs_policy_instance_on_a_controller_that_renders_claims() => VerifyEnd(DocsPolicy.Replace("{|#0:", "").Replace("|};", ";") + """
        public static class CachingSetup
        {
            public static void AddCaching(IServiceCollection services) =>
                services.AddOutputCache(o => o.AddPolicy("CachePost", MyCustomPolicy.Instance));
        }

        [Authorize]
        public class DashboardController : Controller
        {
            [{|#0:OutputCache(PolicyName = "CachePost")|}]
            public IActionResult Index()
            {
                var email = User.FindFirst(ClaimTypes.Email)?.Value ?? "";
                return Content("Signed in as " + email);
            }
        }
        """, User("MyCustomPolicy", "User"));

    [Fact]
    public Task Looks_wrong_but_fine_authenticated_caching_varies_by_user() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache(o => o.AddPolicy("members", b => b.AddPolicy<MembersPolicy>()
            .VaryByValue(ctx => new KeyValuePair<string, string>("user", ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? ""))));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapGet("/me", (ClaimsPrincipal user) => $"Hello {user.Identity?.Name}").RequireAuthorization().CacheOutput("members");
        app.Run();

        public sealed class MembersPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                if (context.HttpContext.User.Identity?.IsAuthenticated != true)
                {
                    return ValueTask.CompletedTask;
                }

                context.EnableOutputCaching = true;
                context.AllowCacheLookup = true;
                context.AllowCacheStorage = true;
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """);

    [Fact]
    public Task Looks_wrong_but_fine_shared_content_behind_login_and_default_policy_with_user_reads() => VerifyProgram("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOutputCache(o => o.AddPolicy("members", b => b.AddPolicy<MembersPolicy>()));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapGet("/handbook", () => "Employee handbook, version 7").RequireAuthorization().CacheOutput("members");
        app.MapGet("/hello", (ClaimsPrincipal user) => $"Hello {user.Identity?.Name ?? "guest"}").CacheOutput();
        app.Run();

        public sealed class MembersPolicy : IOutputCachePolicy
        {
            public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
            {
                context.EnableOutputCaching = true;
                context.AllowCacheLookup = context.HttpContext.User.Identity?.IsAuthenticated ?? false;
                context.AllowCacheStorage = context.AllowCacheLookup;
                return ValueTask.CompletedTask;
            }

            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        }
        """);

    [Fact]
    public Task Live_analyzer_reports_no_endpoint_cases_and_end_analyzer_no_policy_types() => Verify("""
        public class HomeController : Controller
        {
            [OutputCache(Duration = 60)]
            public IActionResult Index() => Content(Request.Cookies["theme"] ?? "light");
        }
        """);
}
