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
/// CACHE060 — shared-cacheable headers on an authenticated or personalized response (live part). An endpoint (controller action, Razor Page
/// handler, minimal API; <see cref="EndpointFacts"/>) declares HTTP caching that shared caches may store (<see cref="CacheControlValue.IsSharedCacheable"/>:
/// <c>[ResponseCache]</c> with <c>Duration &gt; 0</c> and <c>Location</c> absent or <c>Any</c>, or a manual <c>public</c>/<c>s-maxage</c> header)
/// and it requires authorization (<see cref="EndpointAuthorization"/>: attributes, <c>RequireAuthorization()</c>, groups) or reads the user,
/// cookies, the session or a user-context service (<see cref="PrincipalContext"/>; not when the body also writes a private/no-store header,
/// i.e. chooses the header by user). Not reported: <c>Vary: Cookie/Authorization</c> without <c>public</c>; endpoints that only accept
/// POST/PUT/PATCH/DELETE (shared caches do not reuse them). Endpoints protected only by a fallback policy or a global filter, and attributes that
/// name a cache profile, need compilation-wide facts: <see cref="SharedCacheablePersonalizedResponseGlobalAnalyzer"/>.
/// A <c>[ResponseCache]</c> on a controller or page model is reported once, at the attribute, through a symbol-start/end pair.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheablePersonalizedResponseAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE060);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ResponseCacheAttribute is not null || symbols.OutputCacheStore is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        if (context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse") is null)
        {
            return;
        }

        // Action attributes, headers, minimal APIs: reported per endpoint.
        context.RegisterOperationBlockAction(ctx =>
        {
            foreach (var endpoint in EndpointFacts.ForOperationBlock(ctx))
            {
                var reason = SharedCacheable.LiveReason(endpoint);
                if (reason is null)
                {
                    continue;
                }

                foreach (var declaration in endpoint.CacheDeclarations)
                {
                    if (declaration.Source == HttpCacheDeclarationSource.TypeAttribute || declaration.NeedsProfile)
                    {
                        continue;
                    }

                    if (SharedCacheable.Check(endpoint, declaration, null) is { } value)
                    {
                        ctx.ReportDiagnostic(SharedCacheable.Create(Descriptors.CACHE060, endpoint, declaration, value, reason));
                    }
                }
            }
        });

        // [ResponseCache] on the controller or page model: one diagnostic at the attribute, for the first endpoint (source order) it exposes.
        context.RegisterSymbolStartAction(
            start =>
            {
                if (start.Symbol is not INamedTypeSymbol type || ResponseCacheSettings.OnTypeOrBase(type) is not { CacheProfileName: null })
                {
                    return;
                }

                var found = new ConcurrentBag<(EndpointFacts Endpoint, HttpCacheDeclaration Declaration, CacheControlValue Value, string Reason)>();
                start.RegisterOperationBlockAction(ctx =>
                {
                    foreach (var endpoint in EndpointFacts.ForOperationBlock(ctx))
                    {
                        if (endpoint.Kind == EndpointKind.MinimalApi || SharedCacheable.LiveReason(endpoint) is not { } reason)
                        {
                            continue;
                        }

                        foreach (var declaration in endpoint.CacheDeclarations)
                        {
                            if (declaration.Source == HttpCacheDeclarationSource.TypeAttribute && SharedCacheable.Check(endpoint, declaration, null) is { } value)
                            {
                                found.Add((endpoint, declaration, value, reason));
                            }
                        }
                    }
                });
                start.RegisterSymbolEndAction(end =>
                {
                    if (SharedCacheable.First(found) is { } first)
                    {
                        end.ReportDiagnostic(SharedCacheable.Create(Descriptors.CACHE060, first.Endpoint, first.Declaration, first.Value, first.Reason, type));
                    }
                });
            },
            SymbolKind.NamedType);
    }
}

/// <summary>
/// CACHE060 cases that need compilation-wide facts, reported at compilation end: endpoints with no authorization metadata of their own that a
/// fallback policy, a global <c>AuthorizeFilter</c> or an authorization convention protects (<see cref="GlobalAuthorizationFacts"/>), and
/// <c>[ResponseCache(CacheProfileName = …)]</c> whose profile (<see cref="MvcCachingFacts"/>) makes the response shared-cacheable.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheablePersonalizedResponseGlobalAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE060Global);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ResponseCacheAttribute is not null || symbols.OutputCacheStore is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        if (context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse") is null)
        {
            return;
        }

        var authorization = new GlobalAuthorizationFacts();
        authorization.Register(context);
        var mvc = new MvcCachingFacts();
        mvc.Register(context);
        var candidates = new ConcurrentQueue<(EndpointFacts Endpoint, HttpCacheDeclaration Declaration, string? Reason)>();
        context.RegisterOperationBlockAction(ctx =>
        {
            foreach (var endpoint in EndpointFacts.ForOperationBlock(ctx))
            {
                var reason = SharedCacheable.LiveReason(endpoint);
                foreach (var declaration in endpoint.CacheDeclarations)
                {
                    // Live cases are the live analyzer's; here: profiles (any reason) and endpoints without a live reason and without metadata.
                    if (declaration.NeedsProfile || reason is null && endpoint.Authorization.Kind == EndpointAuthorizationKind.NoMetadata)
                    {
                        candidates.Enqueue((endpoint, declaration, reason));
                    }
                }
            }
        });
        context.RegisterCompilationEndAction(end =>
        {
            var byLocation = new Dictionary<Location, (EndpointFacts Endpoint, HttpCacheDeclaration Declaration, CacheControlValue Value, string Reason)>();
            var ordered = new List<(EndpointFacts Endpoint, HttpCacheDeclaration Declaration, string? Reason)>(candidates);
            ordered.Sort((a, b) => SharedCacheable.Compare(a.Endpoint, b.Endpoint));
            foreach (var (endpoint, declaration, live) in ordered)
            {
                var reason = live ?? (endpoint.Authorization.Kind == EndpointAuthorizationKind.NoMetadata && authorization.Covers(endpoint.Kind) ? "is protected by a fallback authorization policy or a global authorization filter" : null);
                if (reason is null || SharedCacheable.Check(endpoint, declaration, mvc) is not { } value || byLocation.ContainsKey(declaration.Location))
                {
                    continue;
                }

                byLocation.Add(declaration.Location, (endpoint, declaration, value, reason));
                end.ReportDiagnostic(SharedCacheable.Create(Descriptors.CACHE060Global, endpoint, declaration, value, reason));
            }
        });
    }
}

/// <summary>Shared pieces of the CACHE060 analyzers (and CACHE065's shared-cacheability test).</summary>
internal static class SharedCacheable
{
    /// <summary>The reason known from the endpoint itself: it requires authorization, or it reads per-user state.</summary>
    public static string? LiveReason(EndpointFacts endpoint)
    {
        if (endpoint.Authorization.Kind == EndpointAuthorizationKind.RequiresAuthorization)
        {
            return "requires authorization";
        }

        if (endpoint.IsPersonalized && !endpoint.WritesPrivateOrNoStore)
        {
            return "reads " + PrincipalContext.Describe(endpoint.PrincipalReads[0].Source);
        }

        return null;
    }

    /// <summary>The directives of <paramref name="declaration"/> when shared caches may store the endpoint's response; null otherwise.</summary>
    public static CacheControlValue? Check(EndpointFacts endpoint, HttpCacheDeclaration declaration, MvcCachingFacts? facts)
    {
        if (!AcceptsSafeVerb(endpoint) || declaration.Resolve(facts) is not { IsSharedCacheable: true } value)
        {
            return null;
        }

        return endpoint.VariesByUser && !value.Public ? null : value;
    }

    /// <summary>False when the endpoint accepts only unsafe verbs (POST, PUT, PATCH, DELETE), whose responses shared caches do not reuse.</summary>
    public static bool AcceptsSafeVerb(EndpointFacts endpoint)
    {
        if (endpoint.Verbs.IsEmpty)
        {
            return true;
        }

        foreach (var verb in endpoint.Verbs)
        {
            if (verb is "GET" or "HEAD")
            {
                return true;
            }
        }

        return false;
    }

    public static Diagnostic Create(DiagnosticDescriptor descriptor, EndpointFacts endpoint, HttpCacheDeclaration declaration, CacheControlValue value, string reason, INamedTypeSymbol? type = null)
    {
        var what = declaration.Source switch
        {
            HttpCacheDeclarationSource.Header => "This Cache-Control header",
            HttpCacheDeclarationSource.TypeAttribute => "[ResponseCache] on the type",
            _ => "[ResponseCache]",
        };
        var location = declaration.Location;
        if (type is not null && declaration.Location.SourceTree is { } tree && !IsDeclaredIn(type, tree, declaration.Location))
        {
            // Inherited from a base type declared elsewhere: report on this type's name.
            location = type.Locations.Length > 0 ? type.Locations[0] : location;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add("Source", declaration.Source.ToString());
        return Diagnostic.Create(descriptor, location, new[] { endpoint.Location }, properties, what, endpoint.Name, value.Text, reason);
    }

    private static bool IsDeclaredIn(INamedTypeSymbol type, SyntaxTree tree, Location location)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && reference.Span.Contains(location.SourceSpan))
            {
                return true;
            }
        }

        return false;
    }

    public static (EndpointFacts Endpoint, HttpCacheDeclaration Declaration, CacheControlValue Value, string Reason)? First(
        IEnumerable<(EndpointFacts Endpoint, HttpCacheDeclaration Declaration, CacheControlValue Value, string Reason)> items)
    {
        (EndpointFacts Endpoint, HttpCacheDeclaration Declaration, CacheControlValue Value, string Reason)? best = null;
        foreach (var item in items)
        {
            if (best is null || Compare(item.Endpoint, best.Value.Endpoint) < 0)
            {
                best = item;
            }
        }

        return best;
    }

    public static int Compare(EndpointFacts a, EndpointFacts b)
    {
        var byPath = string.CompareOrdinal(a.Location.SourceTree?.FilePath, b.Location.SourceTree?.FilePath);
        return byPath != 0 ? byPath : a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start);
    }
}
