using System.Linq;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class EndpointAuthorizationTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Routing;

        """;

    /// <summary>The authorization of the endpoint that contains the call to <c>Marker</c> (the <paramref name="occurrence"/>-th).</summary>
    private static EndpointAuthorizationInfo At(string source, int occurrence = 0)
    {
        var probe = ModelProbe.Compile(Usings + source + "\nstatic class M { public static string Marker() => \"\"; }");
        var call = probe.Call("Marker", occurrence);
        var containing = probe.Model.GetEnclosingSymbol(call.Syntax.SpanStart);
        while (containing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod })
        {
            containing = containing.ContainingSymbol;
        }

        return EndpointAuthorization.ForOperation(call, containing);
    }

    [Fact]
    public void Controller_attributes_on_action_type_and_base_type()
    {
        const string source = """
            [Authorize] public abstract class AdminBase : ControllerBase { }
            public class AdminController : AdminBase
            {
                [HttpPost("a")] public string A() => M.Marker();
                [AllowAnonymous, HttpGet("b")] public string B() => M.Marker();
            }
            public class PublicController : ControllerBase
            {
                [HttpPost("c")] public string C() => M.Marker();
                [Authorize(Policy = "ops"), HttpPost("d")] public string D() => M.Marker();
                public void NotAnAction() { }
            }
            [AllowAnonymous, Authorize] public class MixedController : ControllerBase
            {
                [HttpPost("e")] public string E() => M.Marker();
            }
            public class Plain { public string F() => M.Marker(); }
            """;
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 0).Kind);
        Assert.Equal(EndpointAuthorizationKind.AllowsAnonymous, At(source, 1).Kind);
        Assert.Equal(EndpointAuthorizationKind.NoMetadata, At(source, 2).Kind);
        Assert.Equal(EndpointKind.MvcAction, At(source, 2).Endpoint);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 3).Kind);
        Assert.Equal(EndpointAuthorizationKind.AllowsAnonymous, At(source, 4).Kind);
        Assert.Equal(EndpointAuthorizationKind.NotAnEndpoint, At(source, 5).Kind);
    }

    [Fact]
    public void Minimal_api_endpoint_conventions()
    {
        const string source = """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/a", () => M.Marker());
                    app.MapPost("/b", () => M.Marker()).RequireAuthorization();
                    app.MapPost("/c", () => M.Marker()).WithName("c").RequireAuthorization("ops");
                    app.MapPost("/d", () => M.Marker()).RequireAuthorization().AllowAnonymous();
                    app.MapPost("/e", [Authorize] () => M.Marker());
                    var f = app.MapPost("/f", () => M.Marker());
                    f.RequireAuthorization();
                    app.MapPost("/g", () => M.Marker()).WithMetadata(new AuthorizeAttribute());
                }
            }
            """;
        Assert.Equal(EndpointAuthorizationKind.NoMetadata, At(source, 0).Kind);
        Assert.Equal(EndpointKind.MinimalApi, At(source, 0).Endpoint);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 1).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 2).Kind);
        Assert.Equal(EndpointAuthorizationKind.AllowsAnonymous, At(source, 3).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 4).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 5).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 6).Kind);
    }

    [Fact]
    public void Minimal_api_group_chains_and_group_locals()
    {
        const string source = """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGroup("/admin").RequireAuthorization().MapPost("/a", () => M.Marker());
                    var admin = app.MapGroup("/admin2").RequireAuthorization("ops");
                    admin.MapPost("/b", () => M.Marker());
                    var api = app.MapGroup("/api");
                    api.RequireAuthorization();
                    api.MapDelete("/c", () => M.Marker());
                    var open = app.MapGroup("/open");
                    open.MapPost("/d", () => M.Marker());
                    open.MapPost("/other", () => "x").RequireAuthorization();
                    var nested = admin.MapGroup("/nested");
                    nested.MapPost("/e", () => M.Marker());
                    var anon = admin.MapGroup("/anon").AllowAnonymous();
                    anon.MapPost("/f", () => M.Marker());
                }

                public static IEndpointRouteBuilder MapExtra(this IEndpointRouteBuilder endpoints)
                {
                    endpoints.MapPost("/g", () => M.Marker());
                    return endpoints;
                }
            }
            """;
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 0).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 1).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 2).Kind);
        Assert.Equal(EndpointAuthorizationKind.NoMetadata, At(source, 3).Kind);
        Assert.Equal(EndpointAuthorizationKind.RequiresAuthorization, At(source, 4).Kind);
        Assert.Equal(EndpointAuthorizationKind.AllowsAnonymous, At(source, 5).Kind);
        Assert.Equal(EndpointAuthorizationKind.Unknown, At(source, 6).Kind);
    }

    [Fact]
    public void Endpoint_builder_returned_from_the_method_is_unknown()
    {
        const string source = """
            public static class Endpoints
            {
                public static RouteHandlerBuilder Map(WebApplication app) => app.MapPost("/a", () => M.Marker());
            }
            """;
        Assert.Equal(EndpointAuthorizationKind.Unknown, At(source).Kind);
    }

    [Fact]
    public void Global_facts()
    {
        var probe = ModelProbe.Compile(Usings + """
            using Microsoft.AspNetCore.Mvc.Authorization;
            public static class Setup
            {
                public static void Configure(WebApplicationBuilder builder, WebApplication app)
                {
                    builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                    builder.Services.AddAuthorization(o => o.FallbackPolicy = null);
                    builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                    builder.Services.AddControllers(o => o.Filters.Add(new AuthorizeFilter()));
                    app.MapControllers().RequireAuthorization();
                    app.MapRazorPages().RequireAuthorization();
                    app.MapGet("/", () => "x").RequireAuthorization();
                }
            }
            """);
        var facts = probe.Operations<IOperation>().Select(EndpointAuthorization.ClassifyGlobalFact).Where(f => f != GlobalAuthorizationFact.None).ToList();
        Assert.Equal(
            new[] { GlobalAuthorizationFact.FallbackPolicy, GlobalAuthorizationFact.FallbackPolicy, GlobalAuthorizationFact.ControllersAuthorized, GlobalAuthorizationFact.ControllersAuthorized, GlobalAuthorizationFact.PagesAuthorized },
            facts);

        var collector = new GlobalAuthorizationFacts();
        Assert.False(collector.Covers(EndpointKind.MinimalApi));
        collector.Add(GlobalAuthorizationFact.ControllersAuthorized);
        Assert.True(collector.Covers(EndpointKind.MvcAction));
        Assert.False(collector.Covers(EndpointKind.MinimalApi));
        collector.Add(GlobalAuthorizationFact.FallbackPolicy);
        Assert.True(collector.Covers(EndpointKind.MinimalApi));
    }
}
