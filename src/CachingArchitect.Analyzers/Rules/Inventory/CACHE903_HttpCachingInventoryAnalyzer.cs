using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Inventory;

/// <summary>
/// CACHE903 — one report fact per HTTP caching declaration of an endpoint: output caching (<c>[OutputCache]</c>, <c>.CacheOutput(…)</c>),
/// <c>[ResponseCache]</c> and manual <c>Cache-Control</c> writes, with <c>route</c>, <c>mechanism</c>, <c>cacheControl</c>,
/// <c>duration</c> and <c>varyBy</c>. Inventory mode only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpCachingInventoryAnalyzer : InventoryAnalyzer
{
    public const string RouteProperty = "route";
    public const string MechanismProperty = "mechanism";
    public const string CacheControlProperty = "cacheControl";
    public const string DurationProperty = "duration";
    public const string VaryByProperty = "varyBy";

    public const string OutputCache = "OutputCache";
    public const string ResponseCache = "ResponseCache";
    public const string CacheControlHeader = "CacheControlHeader";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CACHE903);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterOperationBlockAction(Analyze);

    private static void Analyze(OperationBlockAnalysisContext context)
    {
        foreach (var endpoint in EndpointFacts.ForOperationBlock(context))
        {
            var route = context.OwningSymbol is IMethodSymbol action && endpoint.Kind == EndpointKind.MvcAction
                ? MvcRoute(action)
                : string.Join(";", endpoint.Routes);
            foreach (var declaration in endpoint.CacheDeclarations)
            {
                if (declaration.Settings is { } settings)
                {
                    var vary = new List<string?>();
                    if (settings.VaryByHeader is { Length: > 0 } header)
                    {
                        vary.Add("VaryByHeader=" + header);
                    }

                    if (settings.SetsVaryByQueryKeys)
                    {
                        vary.Add("VaryByQueryKeys=" + string.Join(",", settings.VaryByQueryKeys));
                    }

                    if (settings.CacheProfileName is { } profile)
                    {
                        vary.Add("CacheProfile=" + profile);
                    }

                    Report(
                        context,
                        declaration.Location,
                        endpoint.Name,
                        route,
                        ResponseCache,
                        declaration.Resolve()?.Text ?? string.Empty,
                        settings.Duration is { } seconds ? Seconds(seconds) : string.Empty,
                        InventorySupport.Join(vary));
                }
                else if (declaration.Write is { Header: CachingHeader.CacheControl } write)
                {
                    var value = write.CacheControl;
                    var vary = new List<string?>();
                    foreach (var other in endpoint.HeaderWrites)
                    {
                        if (other.Header == CachingHeader.Vary && other.Text is { Length: > 0 } text)
                        {
                            vary.Add("Vary=" + text);
                        }
                    }

                    Report(
                        context,
                        write.Write.Syntax.GetLocation(),
                        endpoint.Name,
                        route,
                        CacheControlHeader,
                        write.Text ?? value?.Text ?? string.Empty,
                        value?.SharedMaxAge is { } shared ? Seconds(shared) : value?.MaxAge is { } maxAge ? Seconds(maxAge) : string.Empty,
                        InventorySupport.Join(vary));
                }
            }

            if (endpoint.Kind is EndpointKind.MvcAction or EndpointKind.PageHandler && context.OwningSymbol is IMethodSymbol method)
            {
                ReportOutputCache(context, endpoint.Location, endpoint.Name, route, OutputCachePolicies.ForMethod(method));
            }
        }

        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IAnonymousFunctionOperation lambda &&
                    OutputCachePolicies.ForMinimalApi(lambda) is { Count: > 0 } policies)
                {
                    var pattern = RequestContext.GetMinimalApiRoute(lambda);
                    ReportOutputCache(context, lambda.Syntax.GetLocation(), pattern ?? "minimal API", pattern ?? string.Empty, policies);
                }
            }
        }
    }

    /// <summary>
    /// One inventory row for an output-cached endpoint. <paramref name="policies"/> are innermost first (the endpoint's own
    /// <c>CacheOutput(…)</c> or attribute, then groups or types), so the first constant expiration is the one that applies.
    /// Named policies are listed by name; their expiration is configured elsewhere and is not resolved here.
    /// </summary>
    private static void ReportOutputCache(OperationBlockAnalysisContext context, Location location, string name, string route, List<OutputCachePolicyFacts> policies)
    {
        if (policies.Count == 0)
        {
            return;
        }

        var vary = new List<string?>();
        var disabled = false;
        System.TimeSpan? duration = null;
        foreach (var policy in policies)
        {
            disabled |= policy.DisablesCaching;
            duration ??= policy.Duration;
            if (policy.Name is { } policyName)
            {
                vary.Add("Policy=" + policyName);
            }

            if (policy.VaryByQuery.Count > 0)
            {
                vary.Add("VaryByQuery=" + string.Join(",", policy.VaryByQuery));
            }

            if (policy.VaryByHeaders.Count > 0)
            {
                vary.Add("VaryByHeader=" + string.Join(",", policy.VaryByHeaders));
            }

            if (policy.VaryByRouteValues.Count > 0)
            {
                vary.Add("VaryByRouteValue=" + string.Join(",", policy.VaryByRouteValues));
            }

            if (policy.VariesByValue)
            {
                vary.Add("VaryByValue");
            }
        }

        if (disabled)
        {
            return; // [OutputCache(NoStore = true)] / NoCache(): the endpoint is explicitly not cached
        }

        Report(context, location, name, route, OutputCache, string.Empty, InventorySupport.Duration(duration), InventorySupport.Join(vary));
    }

    /// <summary>The attribute routes of an action combined with those of its controller (<c>api/products/{id}</c>); <c>;</c>-joined when several.</summary>
    private static string MvcRoute(IMethodSymbol method)
    {
        var actions = Templates(method);
        var controllers = new List<string>();
        for (var type = method.ContainingType; type is not null && controllers.Count == 0; type = type.BaseType)
        {
            controllers.AddRange(Templates(type));
        }

        if (controllers.Count == 0 || actions.Count == 0)
        {
            return string.Join(";", controllers.Count == 0 ? actions : controllers);
        }

        var combined = new List<string>();
        foreach (var action in actions)
        {
            if (action.StartsWith("/", System.StringComparison.Ordinal) || action.StartsWith("~/", System.StringComparison.Ordinal))
            {
                combined.Add(action.TrimStart('~'));
                continue;
            }

            foreach (var controller in controllers)
            {
                combined.Add(controller.TrimEnd('/') + "/" + action);
            }
        }

        return string.Join(";", combined);
    }

    /// <summary>Route templates of <c>[Route]</c> and <c>[Http*]</c> attributes on <paramref name="symbol"/>.</summary>
    private static List<string> Templates(ISymbol symbol)
    {
        var result = new List<string>();
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && SymbolNames.IsOrImplements(type, "Microsoft.AspNetCore.Mvc.Routing", "IRouteTemplateProvider") &&
                attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string template)
            {
                result.Add(template);
            }
        }

        return result;
    }

    private static string Seconds(long seconds) =>
        seconds is >= 0 and < 10_000_000_000L ? InventorySupport.Duration(System.TimeSpan.FromSeconds(seconds)) : seconds.ToString(CultureInfo.InvariantCulture);

    private static void Report(OperationBlockAnalysisContext context, Location location, string name, string route, string mechanism, string cacheControl, string duration, string varyBy)
    {
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE903,
            location,
            InventorySupport.Properties(
                (RouteProperty, route),
                (MechanismProperty, mechanism),
                (CacheControlProperty, cacheControl),
                (DurationProperty, duration),
                (VaryByProperty, varyBy)),
            $"HTTP caching ({mechanism}) on '{name}'" + (cacheControl.Length > 0 ? ": " + cacheControl : duration.Length > 0 ? ": " + duration : string.Empty)));
    }
}
