using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>
/// Compilation-wide facts about MVC response caching, collected during analysis and read at compilation end (CACHE060, CACHE063 and
/// the build report): the cache profiles added in code (<c>MvcOptions.CacheProfiles.Add(name, new CacheProfile { … })</c> or the indexer),
/// whether profiles can also come from elsewhere (configuration binding, non-constant names or values, the dictionary handed to other
/// code), whether <c>UseResponseCaching()</c> is called, whether MVC is registered (<c>AddControllers</c>, <c>AddMvc</c>, <c>AddRazorPages</c>…)
/// and whether the app maps controllers or pages (so the compilation is the host, not a class library of controllers).
/// </summary>
internal sealed class MvcCachingFacts
{
    private readonly ConcurrentDictionary<string, ResponseCacheSettings> _profiles = new(StringComparer.Ordinal);
    private int _flags;

    private const int DynamicProfilesFlag = 1;
    private const int UsesResponseCachingFlag = 2;
    private const int RegistersMvcFlag = 4;
    private const int HostsEndpointsFlag = 8;

    /// <summary>True when some profile may be defined outside what the analysis sees (configuration, non-constant names, the dictionary escaping).</summary>
    public bool HasDynamicProfiles => Has(DynamicProfilesFlag);

    public bool UsesResponseCaching => Has(UsesResponseCachingFlag);

    /// <summary><c>AddControllers</c>/<c>AddControllersWithViews</c>/<c>AddMvc</c>/<c>AddMvcCore</c>/<c>AddRazorPages</c> is called: MVC options are configured here.</summary>
    public bool RegistersMvc => Has(RegistersMvcFlag);

    /// <summary>The app builds its pipeline here: <c>MapControllers</c>, <c>MapRazorPages</c>, <c>MapControllerRoute</c>, <c>UseMvc</c>…</summary>
    public bool HostsEndpoints => Has(HostsEndpointsFlag);

    /// <summary>The profile named <paramref name="name"/> added in code, if any.</summary>
    public ResponseCacheSettings? GetProfile(string name) => _profiles.TryGetValue(name, out var profile) ? profile : null;

    /// <summary>Registers the operation actions that collect the facts.</summary>
    public void Register(CompilationStartAnalysisContext context) =>
        context.RegisterOperationAction(ctx => Add(ctx.Operation), OperationKind.Invocation, OperationKind.PropertyReference);

    /// <summary>Classifies one operation (thread-safe).</summary>
    public void Add(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                AddInvocation(invocation);
                break;
            case IPropertyReferenceOperation { Property.Name: "CacheProfiles" } reference when SymbolNames.Is(reference.Property.ContainingType, ResponseCacheSettings.Mvc, "MvcOptions"):
                AddProfilesReference(reference);
                break;
        }
    }

    private void AddInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "UseResponseCaching":
                Set(UsesResponseCachingFlag);
                break;
            case "UseMiddleware" when method.IsGenericMethod && method.TypeArguments.Length == 1 && method.TypeArguments[0].Name == "ResponseCachingMiddleware":
                Set(UsesResponseCachingFlag);
                break;
            case "AddControllers" or "AddControllersWithViews" or "AddMvc" or "AddMvcCore" or "AddRazorPages":
                Set(RegistersMvcFlag);
                break;
            case "MapControllers" or "MapRazorPages" or "MapControllerRoute" or "MapDefaultControllerRoute" or "MapAreaControllerRoute" or "UseMvc" or "UseMvcWithDefaultRoute" or "MapFallbackToController" or "MapFallbackToPage":
                Set(HostsEndpointsFlag);
                break;
            case "Configure" or "Bind" when IsMvcOptionsBinding(invocation):
                Set(DynamicProfilesFlag);
                break;
        }
    }

    /// <summary><c>services.Configure&lt;MvcOptions&gt;(configuration)</c> or <c>configuration.Bind(mvcOptions)</c>: profiles may come from configuration.</summary>
    private static bool IsMvcOptionsBinding(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.IsGenericMethod && method.TypeArguments.Length == 1 && SymbolNames.Is(method.TypeArguments[0], ResponseCacheSettings.Mvc, "MvcOptions"))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (SymbolNames.IsOrImplements(argument.Value.WalkDownConversions().Type, "Microsoft.Extensions.Configuration", "IConfiguration"))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (SymbolNames.Is(argument.Value.WalkDownConversions().Type, ResponseCacheSettings.Mvc, "MvcOptions"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A use of <c>MvcOptions.CacheProfiles</c>: <c>Add</c>/<c>TryAdd</c>/indexer set with a constant name is recorded; any other use makes profiles dynamic.</summary>
    private void AddProfilesReference(IPropertyReferenceOperation reference)
    {
        var parent = reference.WalkUpConversions().Parent;

        switch (parent)
        {
            case IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd" } add when add.Arguments.Length == 2:
                Record(add.Arguments[0].Value, add.Arguments[1].Value);
                return;
            case IInvocationOperation { TargetMethod.Name: "ContainsKey" or "TryGetValue" or "Remove" }:
                return;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Arguments.Length == 1 &&
                                                                                   indexer.Parent is ISimpleAssignmentOperation assignment &&
                                                                                   ReferenceEquals(assignment.Target, indexer):
                Record(indexer.Arguments[0].Value, assignment.Value);
                return;
            case IPropertyReferenceOperation { Property.IsIndexer: true }:
                return;
            default:
                Set(DynamicProfilesFlag);
                return;
        }
    }

    private void Record(IOperation name, IOperation value)
    {
        if (name.ConstantValue is not { HasValue: true, Value: string text } || ResponseCacheSettings.FromProfileCreation(value) is not { } profile)
        {
            Set(DynamicProfilesFlag);
            return;
        }

        if (profile.HasUnknownMembers)
        {
            Set(DynamicProfilesFlag);
        }

        _profiles[text] = profile;
    }

    private bool Has(int flag) => (Volatile.Read(ref _flags) & flag) != 0;

    private void Set(int flag)
    {
        int seen;
        do
        {
            seen = _flags;
        }
        while ((seen & flag) == 0 && Interlocked.CompareExchange(ref _flags, seen | flag, seen) != seen);
    }
}
