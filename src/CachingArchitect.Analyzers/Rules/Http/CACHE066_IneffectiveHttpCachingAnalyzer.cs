using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Http;

/// <summary>
/// CACHE066 — HTTP caching that silently does nothing or is trivially bypassed: (a) <c>[ResponseCache]</c> on a Razor Pages handler
/// method, where it is ignored; (c) <c>OutputCachePolicyBuilder.SetLocking(false)</c>, which turns off the output cache's request
/// coalescing (not reported on an inline policy of a minimal-API endpoint whose handler does no I/O); (d) a custom
/// <c>IOutputCacheStore</c> built over <c>IDistributedCache</c>. Case (b) is whole-compilation: see
/// <see cref="ResponseCachingOnlyAnalyzer"/>. Case (e) (endpoints bypassed by an <c>Authorization</c> header) is for the build report only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IneffectiveHttpCachingAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the variant (<c>a</c>, <c>c</c> or <c>d</c>).</summary>
    public const string VariantProperty = "Variant";

    /// <summary>Diagnostic property on (a): set when the attribute can be moved to the page model class (first additional location: the class name).</summary>
    public const string MoveToClassProperty = "MoveToClass";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE066);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.OutputCacheStore is not null || symbols.ResponseCacheAttribute is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        if (symbols.ResponseCacheAttribute is { } responseCache)
        {
            context.RegisterSymbolAction(ctx => AnalyzePageHandler(ctx, responseCache), SymbolKind.Method);
        }

        if (symbols.OutputCacheStore is { } store)
        {
            context.RegisterOperationAction(AnalyzeSetLocking, OperationKind.Invocation);
            context.RegisterSymbolAction(ctx => AnalyzeStore(ctx, store, symbols), SymbolKind.NamedType);
        }
    }

    // (a) ------------------------------------------------------------------------------------------------

    private static void AnalyzePageHandler(SymbolAnalysisContext context, INamedTypeSymbol responseCache)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!method.Name.StartsWith("On", System.StringComparison.Ordinal) || RequestContext.GetEndpointKind(method) != EndpointKind.PageHandler)
        {
            return;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, responseCache) || attribute.ApplicationSyntaxReference is not { } reference)
            {
                continue;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[VariantProperty] = "a";
            var additional = ImmutableArray<Location>.Empty;
            if (CanMoveToClass(method, responseCache) && method.ContainingType.Locations.Length == 1 && method.ContainingType.Locations[0].IsInSource)
            {
                properties[MoveToClassProperty] = "true";
                additional = ImmutableArray.Create(method.ContainingType.Locations[0]);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE066,
                reference.GetSyntax(context.CancellationToken).GetLocation(),
                additional,
                properties.ToImmutable(),
                $"[ResponseCache] on the Razor Pages handler '{method.Name}' is ignored: attributes can't be applied to handler methods; put it on the page model class '{method.ContainingType.Name}'"));
        }
    }

    /// <summary>The class has no [ResponseCache] of its own and this is its only handler with one (the attribute allows one use per class).</summary>
    private static bool CanMoveToClass(IMethodSymbol method, INamedTypeSymbol responseCache)
    {
        var type = method.ContainingType;
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var attribute in t.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, responseCache))
                {
                    return false;
                }
            }
        }

        var count = 0;
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol other)
            {
                foreach (var attribute in other.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, responseCache))
                    {
                        count++;
                    }
                }
            }
        }

        return count == 1;
    }

    // (c) ------------------------------------------------------------------------------------------------

    private static void AnalyzeSetLocking(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "SetLocking" || !OutputCachePolicies.IsBuilderMethod(invocation.TargetMethod) ||
            invocation.Arguments.Length == 0 || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: false })
        {
            return;
        }

        if (InlineHandlerDoesNoIo(invocation))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "c");
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE066,
            CodeContext.GetNameLocation(invocation),
            properties,
            "'SetLocking(false)' turns off the output cache's request coalescing: on a miss every concurrent request runs the endpoint, a stampede on the origin; keep the default locking unless the endpoint does no I/O"));
    }

    /// <summary>The policy is inline on a minimal-API endpoint (<c>.CacheOutput(b =&gt; b.SetLocking(false))</c>) whose handler calls no data store and awaits nothing.</summary>
    private static bool InlineHandlerDoesNoIo(IInvocationOperation setLocking)
    {
        IAnonymousFunctionOperation? builderLambda = null;
        for (var parent = setLocking.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation lambda)
            {
                builderLambda = lambda;
                break;
            }
        }

        if (builderLambda?.GetReceivingCall() is not { TargetMethod.Name: "CacheOutput" } cacheOutput)
        {
            return false;
        }

        var receiver = cacheOutput.GetReceiver()?.WalkDownConversions();
        for (var i = 0; i < 16 && receiver is IInvocationOperation call; i++)
        {
            if (call.TargetMethod.Name.StartsWith("Map", System.StringComparison.Ordinal) && call.TargetMethod.Name != "MapGroup")
            {
                foreach (var argument in call.Arguments)
                {
                    var value = argument.Value.WalkDownConversions();
                    if (value is IDelegateCreationOperation creation)
                    {
                        value = creation.Target;
                    }

                    if (value is IAnonymousFunctionOperation handler)
                    {
                        return DataAccess.FindFirst(handler.Body).IsNone && !ContainsAwait(handler.Body);
                    }
                }

                return false;
            }

            receiver = call.GetReceiver()?.WalkDownConversions();
        }

        return false;
    }

    private static bool ContainsAwait(IOperation body)
    {
        foreach (var op in body.Descendants())
        {
            if (op is IAwaitOperation)
            {
                return true;
            }
        }

        return false;
    }

    // (d) ------------------------------------------------------------------------------------------------

    private static void AnalyzeStore(SymbolAnalysisContext context, INamedTypeSymbol store, CacheSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var distributed = symbols.DistributedCache;
        if (type.TypeKind != TypeKind.Class || distributed is null || !CacheSymbols.IsOrImplements(type, store))
        {
            return;
        }

        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (IsDistributedCache(memberType, distributed) || member is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor && HasDistributedParameter(ctor, distributed))
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "d");
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE066,
                    type.Locations.Length > 0 ? type.Locations[0] : Location.None,
                    properties,
                    $"'{type.Name}' implements IOutputCacheStore over IDistributedCache, which has no atomic operations: tag eviction (EvictByTagAsync) cannot be made reliable; use the Redis output-cache store (AddStackExchangeRedisOutputCache) or a store with native tagging"));
                return;
            }
        }
    }

    private static bool HasDistributedParameter(IMethodSymbol ctor, INamedTypeSymbol distributed)
    {
        foreach (var parameter in ctor.Parameters)
        {
            if (IsDistributedCache(parameter.Type, distributed))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDistributedCache(ITypeSymbol? type, INamedTypeSymbol distributed) =>
        type is not null && CacheSymbols.IsOrImplements(type, distributed);
}

/// <summary>
/// CACHE066 (b) — <c>UseResponseCaching()</c> is the only server-side HTTP cache of an app that could use output caching (ASP.NET Core 7+):
/// clients bypass response caching with <c>Cache-Control: no-cache</c>, and the server has no control over it. Whole-compilation
/// (<c>UseOutputCache</c> may be called in any file), so it is reported at compilation end.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseCachingOnlyAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE066ResponseCachingOnly);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.OutputCacheStore is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var outputCache = context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.OutputCacheApplicationBuilderExtensions");
        var responseCaching = context.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.ResponseCachingExtensions");
        if (outputCache is null || responseCaching is null)
        {
            return;
        }

        var responseCachingCalls = new ConcurrentQueue<Location>();
        var usesOutputCache = 0;
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                var name = invocation.TargetMethod.Name;
                if (name is not ("UseOutputCache" or "UseResponseCaching"))
                {
                    return;
                }

                var type = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType;
                if (name == "UseOutputCache" && SymbolEqualityComparer.Default.Equals(type, outputCache))
                {
                    Interlocked.Exchange(ref usesOutputCache, 1);
                }
                else if (name == "UseResponseCaching" && SymbolEqualityComparer.Default.Equals(type, responseCaching))
                {
                    responseCachingCalls.Enqueue(CodeContext.GetNameLocation(invocation));
                }
            },
            OperationKind.Invocation);

        context.RegisterCompilationEndAction(end =>
        {
            if (Volatile.Read(ref usesOutputCache) != 0)
            {
                return;
            }

            foreach (var location in responseCachingCalls)
            {
                end.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE066ResponseCachingOnly,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(IneffectiveHttpCachingAnalyzer.VariantProperty, "b"),
                    "'UseResponseCaching' is the only server-side HTTP cache: any client bypasses it with 'Cache-Control: no-cache' and the server has no control over what is cached; to shield the origin use output caching (AddOutputCache/UseOutputCache)"));
            }
        });
    }
}
