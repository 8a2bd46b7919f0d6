using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Rules.Http;

/// <summary>
/// CACHE065 — shared-cacheable response that also sets cookies: an endpoint (<see cref="EndpointFacts"/>) that declares HTTP caching shared
/// caches may store (<c>public</c>, <c>s-maxage</c>, <c>[ResponseCache]</c> with <c>Location</c> Any and <c>Duration &gt; 0</c>) and issues a cookie
/// (<c>Response.Cookies.Append</c>, sign-in, antiforgery token generation, session writes). Reported at the cookie write. Not reported for
/// <c>private</c>/<c>no-store</c> responses, or endpoints that only accept unsafe verbs. Profile-based attributes and output-cache policies are
/// not considered (unknown statically).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheableResponseSetsCookiesAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE065);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ResponseCacheAttribute is not null || symbols.OutputCacheStore is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        if (context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse") is null)
        {
            return;
        }

        context.RegisterOperationBlockAction(ctx =>
        {
            foreach (var endpoint in EndpointFacts.ForOperationBlock(ctx))
            {
                if (endpoint.CookieWrites.IsEmpty || endpoint.WritesPrivateOrNoStore)
                {
                    continue;
                }

                foreach (var declaration in endpoint.CacheDeclarations)
                {
                    if (declaration.NeedsProfile || !SharedCacheable.AcceptsSafeVerb(endpoint) || declaration.Resolve() is not { IsSharedCacheable: true } value)
                    {
                        continue;
                    }

                    foreach (var cookie in endpoint.CookieWrites)
                    {
                        ctx.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.CACHE065,
                            CodeContext.GetNameLocation(cookie.Invocation),
                            new[] { declaration.Location },
                            cookie.Describe(),
                            value.Text));
                    }

                    break;
                }
            }
        });
    }
}
