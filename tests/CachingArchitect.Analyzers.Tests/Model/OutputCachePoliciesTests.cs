using System.Linq;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class OutputCachePoliciesTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.OutputCaching;

        """;

    [Fact]
    public void Registrations_read_builder_chains_and_custom_policies()
    {
        var probe = ModelProbe.Compile(Usings + """
            public sealed class UserPolicy : IOutputCachePolicy
            {
                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
                public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
                public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
            }

            public static class Setup
            {
                public static void Configure(IServiceCollection services) => services.AddOutputCache(o =>
                {
                    o.AddBasePolicy(b => b.VaryByValue(ctx => new KeyValuePair<string, string>("lang", "en")));
                    o.AddPolicy("reports", b => b.Expire(TimeSpan.FromMinutes(5)).SetLocking(false).SetVaryByHeader("Accept-Language").Tag("reports").AddPolicy<UserPolicy>());
                    o.AddPolicy("custom", new UserPolicy());
                });
            }
            """);
        var registrations = probe.Operations<IInvocationOperation>().Where(OutputCachePolicies.IsRegistration).OrderBy(i => i.Syntax.SpanStart)
            .Select(OutputCachePolicies.FromRegistration).ToList();
        Assert.Equal(3, registrations.Count);
        Assert.Equal(OutputCachePolicyOrigin.Base, registrations[0]!.Origin);
        Assert.True(registrations[0]!.VariesByValue);
        var reports = registrations[1]!;
        Assert.Equal("reports", reports.Name);
        Assert.NotNull(reports.LockingDisabled);
        Assert.True(reports.HasExpire);
        Assert.True(reports.VariesByHeader("accept-language"));
        Assert.Equal(new[] { "reports" }, reports.Tags);
        Assert.Equal("UserPolicy", reports.CustomPolicyTypes.Single().Name);
        Assert.Equal("UserPolicy", registrations[2]!.CustomPolicyTypes.Single().Name);
        Assert.True(OutputCachePolicies.IsCustomPolicyType(reports.CustomPolicyTypes[0]));
    }

    [Fact]
    public void Minimal_api_endpoints_collect_cache_output_from_endpoint_and_groups()
    {
        var probe = ModelProbe.Compile(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    var api = app.MapGroup("/api").CacheOutput(b => b.SetVaryByQuery("page"));
                    var products = api.MapGet("/products", () => "all");
                    products.CacheOutput("catalog");
                    app.MapGet("/plain", () => "x");
                }
            }
            """);
        var lambdas = probe.Operations<IAnonymousFunctionOperation>().Where(l => RequestContextIsHandler(l)).OrderBy(l => l.Syntax.SpanStart).ToList();
        var cached = OutputCachePolicies.ForMinimalApi(lambdas[0])!;
        Assert.Equal(2, cached.Count);
        Assert.Contains(cached, f => f.Name == "catalog");
        Assert.Contains(cached, f => f.VaryByQuery.Contains("page"));
        Assert.Empty(OutputCachePolicies.ForMinimalApi(lambdas[1])!);
    }

    [Fact]
    public void Attributes_on_actions_and_controllers()
    {
        var probe = ModelProbe.Compile(Usings + """
            [OutputCache(Duration = 60)]
            public class ProductsController : ControllerBase
            {
                [OutputCache(PolicyName = "catalog", VaryByHeaderNames = new[] { "Accept-Language" })]
                public string Get() => "x";

                [OutputCache(NoStore = true)]
                public string Live() => "y";
            }
            """);
        var type = probe.Compilation.GetTypeByMetadataName("ProductsController")!;
        var get = OutputCachePolicies.ForMethod(type.GetMembers("Get").OfType<IMethodSymbol>().Single());
        Assert.Equal(2, get.Count);
        Assert.Equal("catalog", get[0].Name);
        Assert.True(get[0].VariesByHeader("Accept-Language"));
        Assert.True(get[1].HasExpire);
        Assert.True(OutputCachePolicies.ForMethod(type.GetMembers("Live").OfType<IMethodSymbol>().Single())[0].DisablesCaching);
    }

    private static bool RequestContextIsHandler(IAnonymousFunctionOperation lambda) =>
        CachingArchitect.Analyzers.Model.RequestContext.GetMinimalApiPattern(lambda, out _);
}
