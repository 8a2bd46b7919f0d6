using System.Collections.Immutable;
using System.Linq;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class EndpointFactsTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.Net.Http.Headers;

        """;

    private static ImmutableArray<EndpointFacts> Facts(string source, string method)
    {
        var probe = ModelProbe.Compile(Usings + source);
        var declaration = probe.Tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == method);
        var symbol = probe.Model.GetDeclaredSymbol(declaration)!;
        var body = probe.Model.GetOperation((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!)!;
        return EndpointFacts.ForBlocks(symbol, ImmutableArray.Create(body), null, default);
    }

    [Fact]
    public void Controller_action_facts()
    {
        var facts = Facts("""
            [Authorize, Route("account")]
            public class AccountController : Controller
            {
                [HttpGet("profile"), ResponseCache(Duration = 60, VaryByHeader = "Cookie")]
                public IActionResult Profile()
                {
                    Response.Cookies.Append("seen", "1");
                    Response.Headers.Pragma = "no-cache";
                    return Content(User.Identity!.Name!);
                }
            }
            """, "Profile").Single();
        Assert.Equal(EndpointKind.MvcAction, facts.Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, facts.Authorization.Kind);
        Assert.Contains("profile", facts.Routes);
        Assert.Contains("account", facts.Routes);
        Assert.Equal(new[] { "GET" }, facts.Verbs.ToArray());
        Assert.Equal(CookieWriteKind.ResponseCookie, facts.CookieWrites.Single().Kind);
        Assert.Equal(PrincipalSource.Principal, facts.PrincipalReads[0].Source);
        Assert.True(facts.VariesByUser);
        var declaration = facts.CacheDeclarations.Single();
        Assert.Equal(HttpCacheDeclarationSource.ActionAttribute, declaration.Source);
        Assert.Equal("public, max-age=60", declaration.Resolve()!.Text);
        Assert.Equal(CachingHeader.Pragma, facts.HeaderWrites.Single().Header);
    }

    [Fact]
    public void Page_handler_uses_the_page_model_attribute_and_headers()
    {
        var facts = Facts("""
            [ResponseCache(Duration = 30, Location = ResponseCacheLocation.Client)]
            public class IndexModel : PageModel
            {
                [ResponseCache(Duration = 600)]
                public async Task OnGetAsync()
                {
                    Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) };
                    await HttpContext.SignInAsync(User);
                }
            }
            """, "OnGetAsync").Single();
        Assert.Equal(EndpointKind.PageHandler, facts.Kind);
        Assert.Equal(2, facts.CacheDeclarations.Length);
        Assert.Equal(HttpCacheDeclarationSource.TypeAttribute, facts.CacheDeclarations[0].Source);
        Assert.Equal("private, max-age=30", facts.CacheDeclarations[0].Resolve()!.Text);
        Assert.Equal("public, max-age=300", facts.CacheDeclarations[1].Resolve()!.Text);
        Assert.Equal(CookieWriteKind.SignIn, facts.CookieWrites.Single().Kind);
    }

    [Fact]
    public void Minimal_api_handlers_are_their_own_endpoints()
    {
        var all = Facts("""
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/news", (HttpContext http) =>
                    {
                        http.Response.Headers.Append(HeaderNames.CacheControl, "public, max-age=60");
                        http.Response.Headers["Vary"] = "Accept-Encoding";
                        return "news";
                    }).RequireAuthorization();
                    app.MapPost("/cart", (HttpContext http) => http.Session.SetString("cart", "1"));
                }
            }
            """, "Map");
        Assert.Equal(2, all.Length);
        var news = all.Single(f => f.Name == "/news");
        Assert.Equal(EndpointKind.MinimalApi, news.Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, news.Authorization.Kind);
        Assert.True(news.CacheDeclarations.Single().Resolve()!.IsSharedCacheable);
        Assert.False(news.VariesByUser);
        var cart = all.Single(f => f.Name == "/cart");
        Assert.Equal(new[] { "POST" }, cart.Verbs.ToArray());
        Assert.Equal(CookieWriteKind.Session, cart.CookieWrites.Single().Kind);
    }

    [Fact]
    public void Request_headers_are_not_response_writes()
    {
        var facts = Facts("""
            public class ProxyController : ControllerBase
            {
                [HttpGet("p")]
                public void Get() => Request.Headers.CacheControl = "no-cache";
            }
            """, "Get").Single();
        Assert.Empty(facts.HeaderWrites);
    }

    [Fact]
    public void Response_cache_settings_map_to_directives()
    {
        var probe = ModelProbe.Compile(Usings + """
            [ResponseCache(Location = ResponseCacheLocation.None, NoStore = true)] public class A : Controller { }
            [ResponseCache(Duration = 10, Location = ResponseCacheLocation.None)] public class B : Controller { }
            [ResponseCache(CacheProfileName = "Default", VaryByQueryKeys = new[] { "q" })] public class C : Controller { }
            """);
        string Map(string name) => ResponseCacheSettings.OnSymbol(probe.Compilation.GetTypeByMetadataName(name)!)!.ToCacheControl().Text;
        Assert.Equal("no-store, no-cache", Map("A"));
        Assert.Equal("no-cache, max-age=10", Map("B"));
        var c = ResponseCacheSettings.OnSymbol(probe.Compilation.GetTypeByMetadataName("C")!)!;
        Assert.Equal("Default", c.CacheProfileName);
        Assert.True(c.SetsVaryByQueryKeys);
        var merged = c.WithProfile(new ResponseCacheSettingsProbe().Profile(probe));
        Assert.False(merged.ThrowsForMissingDuration(locationNoneExempt: true));
        Assert.True(ResponseCacheSettings.HasLocationNoneExemption(new System.Version(7, 0, 0, 0)));
        Assert.False(ResponseCacheSettings.HasLocationNoneExemption(new System.Version(6, 0, 0, 0)));
    }

    private sealed class ResponseCacheSettingsProbe
    {
        public ResponseCacheSettings Profile(ModelProbe unused)
        {
            var probe = ModelProbe.Compile(Usings + """
                public static class Setup
                {
                    public static void Configure(MvcOptions o) => o.CacheProfiles.Add("Default", new CacheProfile { Duration = 60 });
                }
                """);
            var facts = new MvcCachingFacts();
            foreach (var operation in probe.Operations<IOperation>())
            {
                facts.Add(operation);
            }

            Assert.False(facts.HasDynamicProfiles);
            return facts.GetProfile("Default")!;
        }
    }
}
