using System.Collections.Immutable;
using System.Linq;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

/// <summary>Tests of <see cref="OutputCachePolicyTypeFacts"/> and <see cref="ResponseDependencies"/> (CACHE061).</summary>
public class OutputCachePolicyTypesTests
{
    private const string Usings = """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.OutputCaching;
        using Microsoft.AspNetCore.Routing;

        """;

    private static OutputCachePolicyTypeFacts Facts(ModelProbe probe, string typeName)
    {
        var type = (INamedTypeSymbol)probe.Compilation.GetSymbolsWithName(typeName, SymbolFilter.Type).Single();
        var facts = new OutputCachePolicyTypeFacts(type);
        foreach (var op in probe.Operations<IOperation>())
        {
            if (OutputCachePolicyTypeFacts.ObservedKinds.Contains(op.Kind) && IsInside(op, type))
            {
                facts.Observe(op, ImmutableArray<string>.Empty);
            }
        }

        return facts;
    }

    private static bool IsInside(IOperation op, INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == op.Syntax.SyntaxTree && r.Span.Contains(op.Syntax.Span));

    private const string Members = """
            public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
            public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
        """;

    [Fact]
    public void Policy_types_record_enabling_user_checks_and_vary_values()
    {
        var probe = ModelProbe.Compile(Usings + """
            public sealed class Open : IOutputCachePolicy
            {
                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
                {
                    context.AllowCacheStorage = true;
                    context.CacheVaryByRules.HeaderNames = "Accept-Language";
                    return ValueTask.CompletedTask;
                }
            """ + Members + """
            }

            public sealed class Guarded : IOutputCachePolicy
            {
                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
                {
                    if (!(context.HttpContext.User.Identity?.IsAuthenticated ?? false))
                    {
                        return ValueTask.CompletedTask;
                    }

                    context.AllowCacheStorage = true;
                    return ValueTask.CompletedTask;
                }
            """ + Members + """
            }

            public sealed class Bails : IOutputCachePolicy
            {
                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
                {
                    context.AllowCacheStorage = context.HttpContext.User.Identity is { IsAuthenticated: false };
                    return ValueTask.CompletedTask;
                }
            """ + Members + """
            }

            public sealed class PerUser : IOutputCachePolicy
            {
                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
                {
                    context.AllowCacheLookup = true;
                    context.CacheVaryByRules.CacheKeyPrefix = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
                    return ValueTask.CompletedTask;
                }
            """ + Members + """
            }

            public sealed class Restricting : IOutputCachePolicy
            {
                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
                {
                    context.AllowCacheStorage = false;
                    return ValueTask.CompletedTask;
                }
            """ + Members + """
            }
            """);

        var open = Facts(probe, "Open");
        Assert.True(open.IsUnsafe);
        Assert.True(open.CachesAuthenticatedRequests);
        Assert.Equal(new[] { "Accept-Language" }, open.VaryByHeaders);
        Assert.False(open.VariesPerUser);

        var guarded = Facts(probe, "Guarded");
        Assert.True(guarded.ConsultsUser);
        Assert.False(guarded.IsUnsafe);
        Assert.True(guarded.CachesAuthenticatedRequests);

        var bails = Facts(probe, "Bails");
        Assert.True(bails.EnablesCaching);
        Assert.False(bails.IsUnsafe);
        Assert.False(bails.CachesAuthenticatedRequests);

        var perUser = Facts(probe, "PerUser");
        Assert.True(perUser.VariesPerUser);
        Assert.False(perUser.IsUnsafe);

        var restricting = Facts(probe, "Restricting");
        Assert.False(restricting.EnablesCaching);
        Assert.False(restricting.IsUnsafe);
    }

    [Fact]
    public void Polarity_reads_is_authenticated_tests()
    {
        var probe = ModelProbe.Compile(Usings + """
            public static class Checks
            {
                public static void Run(ClaimsPrincipal user, bool other)
                {
                    _ = user.Identity?.IsAuthenticated == true;
                    _ = user.Identity?.IsAuthenticated != true;
                    _ = !(user.Identity!.IsAuthenticated) && other;
                    _ = user.Identity!.IsAuthenticated || other;
                    _ = user.Identity?.IsAuthenticated is false;
                }
            }
            """);
        var discards = probe.Operations<ISimpleAssignmentOperation>().OrderBy(a => a.Syntax.SpanStart).Select(a => OutputCachePolicyTypeFacts.Polarity(a.Value, 0)).ToArray();
        Assert.Equal(new[] { 1, -1, -1, 0, -1 }, discards);
    }

    [Fact]
    public void Cache_output_without_a_policy_type_has_no_custom_policy_and_sealed_instances_are_their_type()
    {
        var probe = ModelProbe.Compile(Usings + """
            public sealed class Shared : IOutputCachePolicy
            {
                public static readonly Shared Instance = new();

                public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;
            """ + Members + """
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/a", () => "a").CacheOutput();
                    app.MapGet("/b", () => "b").CacheOutput(Shared.Instance);
                }
            }
            """);
        var lambdas = probe.Operations<IAnonymousFunctionOperation>().OrderBy(l => l.Syntax.SpanStart).ToList();
        var a = OutputCachePolicies.ForMinimalApi(lambdas[0])!.Single();
        Assert.Empty(a.CustomPolicyTypes);
        Assert.False(a.IsPartlyUnknown);
        var b = OutputCachePolicies.ForMinimalApi(lambdas[1])!.Single();
        Assert.Equal("Shared", b.CustomPolicyTypes.Single().Name);
        Assert.False(b.IsPartlyUnknown);
    }

    [Fact]
    public void Response_dependencies_follow_data_into_the_response_only()
    {
        var probe = ModelProbe.Compile(Usings + """
            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/", async (HttpContext http, [FromHeader(Name = "X-Tenant")] string tenant) =>
                {
                    var campaign = http.Request.Cookies["utm"];
                    Console.WriteLine(campaign);
                    http.Request.Headers.TryGetValue("X-Region", out var region);
                    var language = http.Request.GetTypedHeaders().AcceptLanguage;
                    if (http.User.Identity?.IsAuthenticated == true)
                    {
                        return "member";
                    }

                    await http.Response.WriteAsync(region.ToString());
                    return tenant + language.Count + http.Session.GetString("cart");
                });
            }
            """);
        var lambda = probe.Operations<IAnonymousFunctionOperation>().Single();
        var reads = ResponseDependencies.Reads(ResponseDependencies.Roots(lambda.Body, pageModelMembers: false), ImmutableArray<string>.Empty);
        var described = reads.Select(r => r.Kind + ":" + r.Header).ToArray();
        Assert.Equal(new[] { "Header:X-Region", "Header:Accept-Language", "User:", "Header:X-Tenant", "Session:" }, described);
        Assert.DoesNotContain(reads, r => r.Kind == RequestStateKind.Cookies);
    }
}
