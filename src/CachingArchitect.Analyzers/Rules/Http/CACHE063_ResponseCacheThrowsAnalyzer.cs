using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Http;

/// <summary>
/// CACHE063 — <c>[ResponseCache]</c> configuration that throws at runtime (live part): on a controller, an action or a page model, no
/// <c>Duration</c>, <c>NoStore</c> not true and no <c>CacheProfileName</c>. <c>Location = None</c> alone is exempt when the referenced
/// Microsoft.AspNetCore.Mvc.Core is 7.0 or later (dotnet/aspnetcore PR #42706); 6.0 and earlier throw. Cases that need compilation-wide
/// facts (cache profiles, <c>UseResponseCaching()</c>) are reported by <see cref="ResponseCacheThrowsGlobalAnalyzer"/>.
/// Attributes on Razor Page handler methods are ignored by ASP.NET Core (CACHE066) and never run, so they are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseCacheThrowsAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which fixes apply (<see cref="FixDuration"/>).</summary>
    public const string FixProperty = "Fix";

    /// <summary>Add <c>Duration</c> or <c>NoStore = true</c>.</summary>
    public const string FixDuration = "Duration";

    /// <summary>Diagnostic property set when the attribute has <c>Location = None</c> (the intent is "do not cache").</summary>
    public const string LocationNoneProperty = "LocationNone";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE063);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ResponseCacheAttribute is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var exempt = ResponseCacheSettings.HasLocationNoneExemption(symbols.ResponseCacheAttribute);
        context.RegisterSymbolAction(
            ctx =>
            {
                var settings = ResponseCacheThrows.AttributeOf(ctx.Symbol);
                if (settings?.SourceLocation is not { } location || settings.CacheProfileName is not null || !settings.ThrowsForMissingDuration(exempt))
                {
                    return;
                }

                ctx.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE063,
                    location,
                    ResponseCacheThrows.FixProperties(settings),
                    ResponseCacheThrows.MissingDuration(settings, null, exempt)));
            },
            SymbolKind.NamedType,
            SymbolKind.Method);
    }
}

/// <summary>
/// CACHE063 cases that need compilation-wide facts (<see cref="MvcCachingFacts"/>), reported at compilation end: (a) through a cache
/// profile without <c>Duration</c>; (b) <c>VaryByQueryKeys</c> (on the attribute or its profile) while the app that maps the controllers never
/// calls <c>UseResponseCaching()</c>; (c) a <c>CacheProfileName</c> that no <c>MvcOptions.CacheProfiles</c> entry defines, when the app
/// registers MVC here and adds every profile in code. Profiles that may come from configuration are unknown and not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseCacheThrowsGlobalAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE063Global);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ResponseCacheAttribute is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var exempt = ResponseCacheSettings.HasLocationNoneExemption(symbols.ResponseCacheAttribute);
        var facts = new MvcCachingFacts();
        facts.Register(context);
        var candidates = new ConcurrentQueue<ResponseCacheSettings>();
        context.RegisterSymbolAction(
            ctx =>
            {
                if (ResponseCacheThrows.AttributeOf(ctx.Symbol) is { SourceLocation: not null } settings &&
                    (settings.CacheProfileName is not null || settings.SetsVaryByQueryKeys))
                {
                    candidates.Enqueue(settings);
                }
            },
            SymbolKind.NamedType,
            SymbolKind.Method);
        context.RegisterCompilationEndAction(end =>
        {
            foreach (var settings in candidates)
            {
                var location = settings.SourceLocation!;
                var effective = settings;
                if (settings.CacheProfileName is { } name)
                {
                    var profile = facts.GetProfile(name);
                    if (profile is null)
                    {
                        if (facts.RegistersMvc && !facts.HasDynamicProfiles)
                        {
                            end.ReportDiagnostic(Diagnostic.Create(
                                Descriptors.CACHE063Global,
                                location,
                                $"the cache profile '{name}' is not defined in MvcOptions.CacheProfiles"));
                        }

                        continue;
                    }

                    effective = settings.WithProfile(profile);
                    if (effective.ThrowsForMissingDuration(exempt))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.CACHE063Global,
                            location,
                            ResponseCacheThrows.FixProperties(effective),
                            ResponseCacheThrows.MissingDuration(effective, name, exempt)));
                        continue;
                    }
                }

                if (effective.SetsVaryByQueryKeys && facts.HostsEndpoints && !facts.UsesResponseCaching)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CACHE063Global,
                        location,
                        "VaryByQueryKeys requires the Response Caching Middleware, and the app never calls UseResponseCaching()"));
                }
            }
        });
    }
}

/// <summary>Shared pieces of the two CACHE063 analyzers.</summary>
internal static class ResponseCacheThrows
{
    /// <summary>The <c>[ResponseCache]</c> declared on a controller, an action or a page model whose filter runs; null otherwise.</summary>
    public static ResponseCacheSettings? AttributeOf(ISymbol symbol)
    {
        // The attribute first: every method and class of the code base is asked, and almost none carries [ResponseCache].
        if (symbol is not (IMethodSymbol or INamedTypeSymbol { TypeKind: TypeKind.Class }) || ResponseCacheSettings.OnSymbol(symbol) is not { } settings)
        {
            return null;
        }

        var filterRuns = symbol is IMethodSymbol method
            ? RequestContext.GetEndpointKind(method) == EndpointKind.MvcAction
            : RequestContext.IsControllerOrPageModel((INamedTypeSymbol)symbol);
        return filterRuns ? settings : null;
    }

    public static ImmutableDictionary<string, string?> FixProperties(ResponseCacheSettings settings)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ResponseCacheThrowsAnalyzer.FixProperty, ResponseCacheThrowsAnalyzer.FixDuration);
        return settings.EffectiveLocation == ResponseCacheLocationKind.None ? properties.Add(ResponseCacheThrowsAnalyzer.LocationNoneProperty, "true") : properties;
    }

    public static string MissingDuration(ResponseCacheSettings settings, string? profile, bool exempt)
    {
        var text = profile is null
            ? "Duration is not set and NoStore is not true"
            : $"neither the attribute nor the cache profile '{profile}' sets Duration, and NoStore is not true";
        if (settings.EffectiveLocation == ResponseCacheLocationKind.None && !exempt)
        {
            text += " (Location = None alone is accepted only after ASP.NET Core 6.0)";
        }

        return text;
    }
}
