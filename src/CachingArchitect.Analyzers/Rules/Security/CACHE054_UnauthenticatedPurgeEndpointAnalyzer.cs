using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Security;

/// <summary>
/// CACHE054 — unauthenticated cache purge endpoint: an endpoint (controller action, Razor Page handler, minimal-API handler) evicts a key
/// or tag chosen by the request (<c>IOutputCacheStore.EvictByTagAsync</c>, <c>HybridCache.Remove[ByTag]Async</c>, FusionCache
/// <c>Remove/Expire/RemoveByTag</c>, <c>IDistributedCache.Remove</c>, <c>IDatabase.KeyDelete</c>, Memcached <c>Remove</c>) or clears a whole
/// cache (<c>IFusionCache.Clear</c>, <c>MemoryCache.Clear</c>), and the endpoint is <c>[AllowAnonymous]</c>/<c>AllowAnonymous()</c>
/// (reported live by this analyzer) or <see cref="EndpointAuthorization"/> finds no authorization at all (reported at compilation end by
/// <see cref="UnprotectedPurgeEndpointAnalyzer"/>, since a fallback policy anywhere in the project covers such endpoints).
/// Endpoints that also perform a durable write are domain writes whose cache invalidation follows the data change: not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnauthenticatedPurgeEndpointAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE054);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    // Live: an endpoint that explicitly allows anonymous access is reported whatever the fallback policy says.
    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) =>
        {
            if (TryCreate(ctx, operation) is { Authorization.Kind: EndpointAuthorizationKind.AllowsAnonymous } candidate)
            {
                ctx.ReportDiagnostic(candidate.ToDiagnostic(Descriptors.CACHE054));
            }
        });

    internal static Candidate? TryCreate(OperationAnalysisContext context, CacheOperation operation)
    {
        var clearsAll = IsClearAll(operation);
        if (!clearsAll && !IsKeyedPurge(operation))
        {
            return null;
        }

        var info = EndpointAuthorization.ForOperation(operation.Invocation, context.ContainingSymbol);
        if (info.Kind is not (EndpointAuthorizationKind.NoMetadata or EndpointAuthorizationKind.AllowsAnonymous))
        {
            return null;
        }

        if (!clearsAll && !IsRequestChosen(operation))
        {
            return null;
        }

        // A domain write that invalidates what it changed (PUT/DELETE of an entity) is not a purge endpoint.
        if (DataAccess.FindFirst(EndpointBody(operation.Invocation), c => c.IsDurable).Invocation is not null)
        {
            return null;
        }

        var name = operation.Invocation.TargetMethod.Name;
        var what = clearsAll
            ? $"'{name}' on the request path"
            : $"'{name}' with a {(operation.Name.EndsWith("ByTag", System.StringComparison.Ordinal) ? "tag" : "key")} taken from the request";
        return new Candidate(CodeContext.GetNameLocation(operation.Invocation), info, what);
    }

    private static bool IsClearAll(CacheOperation operation) =>
        operation.Kind == CacheOperationKind.Admin &&
        (operation.Technology == CacheTechnology.FusionCache && operation.Name == "Clear" ||
         operation.Technology == CacheTechnology.MemoryCache && operation.Name == "Clear");

    private static bool IsKeyedPurge(CacheOperation operation)
    {
        if (operation.Kind != CacheOperationKind.Invalidate || operation.Key is null)
        {
            return false;
        }

        return operation.Technology switch
        {
            CacheTechnology.OutputCache or CacheTechnology.HybridCache or CacheTechnology.FusionCache or CacheTechnology.DistributedCache or CacheTechnology.Memcached => true,
            CacheTechnology.Redis => operation.Name == "KeyDelete",
            _ => false,
        };
    }

    /// <summary>True when the key or tag depends on request data: an endpoint parameter bound from the request, or a taint source.</summary>
    private static bool IsRequestChosen(CacheOperation operation)
    {
        var key = operation.Key!;
        var taint = TaintAnalysis.Analyze(key).Kind;
        if (taint is TaintKind.Input or TaintKind.Sanitized)
        {
            return true;
        }

        var templates = new List<string>();
        foreach (var op in DataDependency.Collect(new[] { key }, 1000))
        {
            if (op is IParameterReferenceOperation { Parameter: var parameter } &&
                (RequestContext.IsBoundFromRequest(parameter, op, templates) || IsScalarEndpointParameter(parameter, op)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>int id</c>, <c>Guid id</c>, enums…: endpoint parameters of scalar type are bound from route or query.</summary>
    private static bool IsScalarEndpointParameter(IParameterSymbol parameter, IOperation reference)
    {
        var type = parameter.Type;
        if (!(type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double || type.TypeKind == TypeKind.Enum ||
              SymbolNames.Is(type, "System", "Guid")))
        {
            return false;
        }

        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod })
        {
            var lambda = RequestContext.FindDeclaringLambda(parameter, reference);
            return lambda is not null && RequestContext.GetMinimalApiPattern(lambda, out _);
        }

        return RequestContext.GetEndpointKind(parameter.ContainingSymbol as IMethodSymbol) is EndpointKind.MvcAction or EndpointKind.PageHandler;
    }

    private static IOperation EndpointBody(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation lambda && RequestContext.GetMinimalApiPattern(lambda, out _))
            {
                return lambda;
            }
        }

        return operation.GetRoot();
    }

    internal sealed class Candidate
    {
        public Candidate(Location location, EndpointAuthorizationInfo authorization, string what)
        {
            Location = location;
            Authorization = authorization;
            What = what;
        }

        public Location Location { get; }

        public EndpointAuthorizationInfo Authorization { get; }

        public string What { get; }

        public Diagnostic ToDiagnostic(DiagnosticDescriptor descriptor)
        {
            var anonymous = Authorization.Kind == EndpointAuthorizationKind.AllowsAnonymous;
            return Diagnostic.Create(
                descriptor,
                Location,
                additionalLocations: anonymous && Authorization.Evidence is { } evidence && evidence.IsInSource ? new[] { evidence } : null,
                What,
                anonymous ? " (the endpoint explicitly allows anonymous access)" : string.Empty);
        }
    }
}

/// <summary>
/// CACHE054 for endpoints with no authorization metadata at all. A fallback policy or a global controller/page convention can be
/// set anywhere in the project, so these candidates are collected during analysis and reported at compilation end
/// (<see cref="GlobalAuthorizationFacts"/>) through the CompilationEnd twin descriptor; the explicit-anonymous case stays live.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnprotectedPurgeEndpointAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE054Unprotected);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var facts = new GlobalAuthorizationFacts();
        facts.Register(context);
        var candidates = new ConcurrentQueue<UnauthenticatedPurgeEndpointAnalyzer.Candidate>();
        RegisterCacheOperationAction(context, symbols, (ctx, operation) =>
        {
            if (UnauthenticatedPurgeEndpointAnalyzer.TryCreate(ctx, operation) is { Authorization.Kind: EndpointAuthorizationKind.NoMetadata } candidate)
            {
                candidates.Enqueue(candidate);
            }
        });
        context.RegisterCompilationEndAction(end =>
        {
            foreach (var candidate in candidates)
            {
                if (!facts.Covers(candidate.Authorization.Endpoint))
                {
                    end.ReportDiagnostic(candidate.ToDiagnostic(Descriptors.CACHE054Unprotected));
                }
            }
        });
    }
}
