using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Http;

/// <summary>
/// CACHE061 (a) — a custom <c>IOutputCachePolicy</c> that turns caching on (<c>AllowCacheStorage</c>/<c>AllowCacheLookup</c> set to anything
/// but <c>false</c>) while nothing in the type consults the user (<c>User</c>, <c>IsAuthenticated</c>, the <c>Authorization</c> header, cookies,
/// the session) and nothing varies the key per user (<c>VaryByValues</c>, a computed <c>CacheKeyPrefix</c>, <c>HeaderNames</c> with
/// <c>Authorization</c>/<c>Cookie</c>): the shape of the docs' "override the default policy" sample, which drops the default policy's
/// "don't cache authenticated requests" check. One type decides it, so it runs live. Cases (b) and (c) depend on named and base policies
/// registered anywhere: see <see cref="PersonalizedOutputCacheEndpointAnalyzer"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalizedOutputCacheAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the variant (<c>a</c>, <c>b</c> or <c>c</c>).</summary>
    public const string VariantProperty = "Variant";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE061);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.OutputCachePolicy is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterSymbolStartAction(start => OutputCachePolicyTypeFacts.Collect(start, Report), SymbolKind.NamedType);

    private static void Report(SymbolAnalysisContext context, OutputCachePolicyTypeFacts facts)
    {
        if (!facts.IsUnsafe)
        {
            return;
        }

        var first = facts.EnablingAssignments[0];
        var target = first.Target is IPropertyReferenceOperation { Property.Name: var name } ? name : "AllowCacheStorage";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE061,
            first.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "a"),
            $"The output-cache policy '{facts.Type.Name}' turns caching on ('{target}') without checking 'User.Identity.IsAuthenticated' or the Authorization header and without a per-user vary value: " +
            "responses to signed-in users are stored and served to everyone; bail out for authenticated requests as the default policy does, or vary by the user"));
    }
}

/// <summary>
/// CACHE061 (b) and (c), whole-compilation: an output-cached endpoint (<c>[OutputCache]</c> on an action or page model, <c>.CacheOutput(…)</c>
/// on a minimal-API endpoint or its groups) together with the named policies it refers to and every base policy:
/// (b) its response depends on request cookies, the session or a request header (<see cref="ResponseDependencies"/>) and no policy varies by
/// that header or by a value; (c) one of its custom policies caches authenticated requests, its response depends on the user, and nothing varies
/// per user. Endpoints whose policies can't be read completely (unknown names, policy instances from elsewhere, library policy types,
/// custom policies that read the request themselves) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PersonalizedOutputCacheEndpointAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE061Endpoints);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.OutputCachePolicy is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var types = new ConcurrentDictionary<INamedTypeSymbol, OutputCachePolicyTypeFacts>(SymbolEqualityComparer.Default);
        var registrations = new ConcurrentQueue<OutputCachePolicyFacts>();
        var endpoints = new ConcurrentQueue<Endpoint>();

        context.RegisterSymbolStartAction(start => OutputCachePolicyTypeFacts.Collect(start, (_, facts) => types[facts.Type] = facts), SymbolKind.NamedType);
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                if (invocation.TargetMethod.Name is "AddPolicy" or "AddBasePolicy" && OutputCachePolicies.FromRegistration(invocation) is { } facts)
                {
                    registrations.Enqueue(facts);
                }
            },
            OperationKind.Invocation);
        context.RegisterOperationAction(
            ctx =>
            {
                var lambda = (IAnonymousFunctionOperation)ctx.Operation;
                if (OutputCachePolicies.ForMinimalApi(lambda) is { Count: > 0 } policies)
                {
                    AddEndpoint(endpoints, policies, lambda.Body, pageModel: false, ctx.Options);
                }
            },
            OperationKind.AnonymousFunction);
        context.RegisterOperationAction(
            ctx =>
            {
                if (ctx.ContainingSymbol is not IMethodSymbol method)
                {
                    return;
                }

                var kind = RequestContext.GetEndpointKind(method);
                if (kind is not (EndpointKind.MvcAction or EndpointKind.PageHandler))
                {
                    return;
                }

                var policies = OutputCachePolicies.ForMethod(method);
                if (kind == EndpointKind.PageHandler)
                {
                    // Attributes on Razor Pages handler methods are not endpoint metadata: only the page model's count.
                    policies.RemoveAll(p => IsOnMethod(p.Location, method));
                }

                if (policies.Count > 0)
                {
                    AddEndpoint(endpoints, policies, ctx.Operation, pageModel: kind == EndpointKind.PageHandler, ctx.Options);
                }
            },
            OperationKind.MethodBody);

        context.RegisterCompilationEndAction(end =>
        {
            if (endpoints.IsEmpty)
            {
                return;
            }

            var named = new Dictionary<string, List<OutputCachePolicyFacts>>(StringComparer.OrdinalIgnoreCase);
            var basePolicies = new List<OutputCachePolicyFacts>();
            foreach (var registration in registrations)
            {
                if (registration.Origin == OutputCachePolicyOrigin.Base)
                {
                    basePolicies.Add(registration);
                }
                else if (registration.Name is { } name)
                {
                    if (!named.TryGetValue(name, out var list))
                    {
                        named[name] = list = new List<OutputCachePolicyFacts>();
                    }

                    list.Add(registration);
                }
            }

            foreach (var endpoint in endpoints)
            {
                Evaluate(end, endpoint, named, basePolicies, types);
            }
        });
    }

    private static void AddEndpoint(ConcurrentQueue<Endpoint> endpoints, List<OutputCachePolicyFacts> policies, IOperation body, bool pageModel, AnalyzerOptions options)
    {
        foreach (var policy in policies)
        {
            if (policy.DisablesCaching)
            {
                return;
            }
        }

        var reads = ResponseDependencies.Reads(ResponseDependencies.Roots(body, pageModel), PrincipalContext.GetUserContextTypes(options, body.Syntax.SyntaxTree));
        if (reads.Count == 0 || ResponseDependencies.WritesResponseCookies(body))
        {
            return;
        }

        endpoints.Enqueue(new Endpoint(policies, reads));
    }

    private static void Evaluate(
        CompilationAnalysisContext context,
        Endpoint endpoint,
        Dictionary<string, List<OutputCachePolicyFacts>> named,
        List<OutputCachePolicyFacts> basePolicies,
        ConcurrentDictionary<INamedTypeSymbol, OutputCachePolicyTypeFacts> types)
    {
        var chain = new List<OutputCachePolicyFacts>(endpoint.Policies);
        foreach (var policy in endpoint.Policies)
        {
            if (policy.Name is { } name)
            {
                if (!named.TryGetValue(name, out var registered))
                {
                    return;
                }

                chain.AddRange(registered);
            }
        }

        chain.AddRange(basePolicies);
        var varyByValue = false;
        var headers = new List<string>();
        var custom = new List<OutputCachePolicyTypeFacts>();
        foreach (var policy in chain)
        {
            if (policy.DisablesCaching || policy.IsPartlyUnknown)
            {
                return;
            }

            varyByValue |= policy.VariesByValue;
            headers.AddRange(policy.VaryByHeaders);
            foreach (var type in policy.CustomPolicyTypes)
            {
                if (!types.TryGetValue(type.OriginalDefinition, out var facts) || facts.IsPartlyUnknown)
                {
                    return;
                }

                custom.Add(facts);
                varyByValue |= facts.VariesPerUser;
                headers.AddRange(facts.VaryByHeaders);
            }
        }

        var readsState = custom.Exists(c => c.ReadsRequestState);
        var variesByCookie = headers.Exists(h => string.Equals(h, "Cookie", StringComparison.OrdinalIgnoreCase));

        // (b) cookies, session, request headers
        if (!varyByValue && !readsState)
        {
            foreach (var read in endpoint.Reads)
            {
                var covered = read.Kind switch
                {
                    RequestStateKind.Cookies or RequestStateKind.Session => variesByCookie,
                    RequestStateKind.Header => read.Header is { } header && headers.Exists(h => string.Equals(h, header, StringComparison.OrdinalIgnoreCase)),
                    _ => true,
                };
                if (!covered)
                {
                    ReportState(context, read);
                    break;
                }
            }
        }

        // (c) the user, under a policy that caches authenticated requests
        var authenticated = custom.Find(c => c.CachesAuthenticatedRequests);
        if (authenticated is null || varyByValue || variesByCookie || headers.Exists(h => string.Equals(h, "Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        foreach (var read in endpoint.Reads)
        {
            if (read.Kind == RequestStateKind.User)
            {
                var at = endpoint.Policies[0].Location;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE061Endpoints,
                    at.IsInSource ? at : read.Operation.Syntax.GetLocation(),
                    new[] { read.Operation.Syntax.GetLocation() },
                    ImmutableDictionary<string, string?>.Empty.Add(PersonalizedOutputCacheAnalyzer.VariantProperty, "c"),
                    $"The output-cache policy '{authenticated.Type.Name}' caches responses to authenticated requests, and this endpoint's response depends on the user ('{Shorten(read.Operation)}') " +
                    "while nothing varies the cache key per user: one user's response is served to other users; vary by the user id (VaryByValue) or don't cache the endpoint"));
                return;
            }
        }
    }

    private static void ReportState(CompilationAnalysisContext context, RequestStateRead read)
    {
        var (what, fix) = read.Kind switch
        {
            RequestStateKind.Cookies => ("request cookies", "VaryByValue(…) on the cookie value (or SetVaryByHeader(\"Cookie\"))"),
            RequestStateKind.Session => ("the session", "VaryByValue(…) on the session value"),
            _ => read.Header is { } header
                ? ($"the '{header}' request header", $"SetVaryByHeader(\"{header}\")")
                : ("a request header", "SetVaryByHeader(…) for that header"),
        };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE061Endpoints,
            read.Operation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(PersonalizedOutputCacheAnalyzer.VariantProperty, "b"),
            $"The response of this output-cached endpoint depends on {what} ('{Shorten(read.Operation)}'), but its output-cache policy does not vary by it: " +
            $"the first caller's response is stored and served to everyone; add {fix} to the policy, or don't cache the endpoint"));
    }

    private static string Shorten(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }

    private static bool IsOnMethod(Location location, IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == location.SourceTree && reference.Span.Contains(location.SourceSpan))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Endpoint
    {
        public Endpoint(List<OutputCachePolicyFacts> policies, List<RequestStateRead> reads)
        {
            Policies = policies;
            Reads = reads;
        }

        public List<OutputCachePolicyFacts> Policies { get; }

        public List<RequestStateRead> Reads { get; }
    }
}
