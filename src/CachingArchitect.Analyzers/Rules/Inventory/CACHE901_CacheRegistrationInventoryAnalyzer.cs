using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Rules.Resilience;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Inventory;

/// <summary>
/// CACHE901 — one report fact per cache registration: <c>AddMemoryCache</c> / <c>Configure&lt;MemoryCacheOptions&gt;</c> / a replaced
/// <c>IMemoryCache</c>, <c>IDistributedCache</c> providers, <c>AddHybridCache</c>, <c>AddFusionCache</c>, <c>IConnectionMultiplexer</c>
/// registrations and <c>ConnectionMultiplexer.Connect</c> calls, with <c>technology</c>, <c>lifetime</c> and <c>options</c>. Inventory mode only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheRegistrationInventoryAnalyzer : InventoryAnalyzer
{
    public const string TechnologyProperty = "technology";
    public const string LifetimeProperty = "lifetime";
    public const string OptionsProperty = "options";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CACHE901);

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterOperationAction(ctx => Analyze(ctx, (IInvocationOperation)ctx.Operation, symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, CacheSymbols symbols)
    {
        var name = invocation.TargetMethod.Name;
        if (name is "Connect" or "ConnectAsync")
        {
            if (ResilienceSupport.IsConnect(invocation, symbols))
            {
                AnalyzeConnect(context, invocation);
            }

            return;
        }

        if (!name.StartsWith("Add", System.StringComparison.Ordinal) && !name.StartsWith("TryAdd", System.StringComparison.Ordinal) &&
            name is not ("Configure" or "PostConfigure"))
        {
            return;
        }

        if (name == "AddFusionCache" && IsExtensionOn(invocation, "FusionCacheServiceCollectionExtensions"))
        {
            var fusion = CacheRegistrationsBuilder.RecognizeFusionCache(invocation, context.ContainingSymbol);
            var options = new List<string>();
            if (fusion.CacheName is { } cacheName)
            {
                options.Add("CacheName=" + cacheName);
            }

            options.Add("L2=" + (fusion.DistributedCache == FusionComponentSource.None ? "none" : fusion.DistributedCache.ToString().ToLowerInvariant()));
            options.Add("Backplane=" + (fusion.Backplane == FusionComponentSource.None ? "none" : fusion.Backplane.ToString().ToLowerInvariant()));
            AddSettings(options, fusion.Settings);
            Report(context, invocation, "FusionCache", "singleton", options);
            return;
        }

        if (name == "AddHybridCache" && IsDependencyInjectionExtension(invocation))
        {
            var hybrid = CacheRegistrationsBuilder.RecognizeHybridCache(invocation, context.ContainingSymbol);
            var options = new List<string>();
            AddSettings(options, hybrid.Settings);
            Report(context, invocation, "HybridCache", "singleton", options);
            return;
        }

        if (MemoryCacheConfiguration.Recognize(invocation) is { Kind: MemoryCacheRegistrationKind.AddMemoryCache or MemoryCacheRegistrationKind.ConfigureOptions or MemoryCacheRegistrationKind.ServiceInstance } memory)
        {
            var options = new List<string>();
            if (memory.Options.SizeLimit is { } sizeLimit)
            {
                options.Add("SizeLimit=" + Value(sizeLimit));
            }

            if (memory.Options.TrackStatistics is { } track)
            {
                options.Add("TrackStatistics=" + Value(track));
            }

            if (memory.Options.BoundSection is { } section)
            {
                options.Add("Section=" + section);
            }

            Report(context, invocation, "IMemoryCache", "singleton", options);
            return;
        }

        if (CacheRegistrationsBuilder.RecognizeDistributedCache(invocation) is { } provider)
        {
            var options = new List<string> { "Provider=" + provider };
            AddAssignedOptions(options, invocation, "RedisCacheOptions", "InstanceName");
            Report(context, invocation, provider == DistributedCacheProviderKind.Memcached ? "Memcached" : "IDistributedCache", Lifetime(ServiceRegistrations.Recognize(invocation)) ?? "singleton", options);
            return;
        }

        if (ServiceRegistrations.Recognize(invocation) is { ServiceType: { } service } registration && IsMultiplexer(service))
        {
            var options = new List<string> { "Service=" + service.Name };
            if (registration.Factory is { } factory)
            {
                foreach (var op in factory.Descendants())
                {
                    if (op is IInvocationOperation connect && connect.TargetMethod.Name is "Connect" or "ConnectAsync" && ResilienceSupport.IsConnect(connect, symbols))
                    {
                        AddConnectionFacts(options, connect);
                        break;
                    }
                }
            }

            Report(context, invocation, "StackExchange.Redis", Lifetime(registration) ?? string.Empty, options);
        }
    }

    private static void AnalyzeConnect(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        string? lifetime;
        var lambda = ResilienceSupport.GetEnclosingLambda(invocation);
        if (lambda is not null && ResilienceSupport.GetFactoryRegistration(lambda) is { } registration)
        {
            if (registration.ServiceType is { } service && IsMultiplexer(service))
            {
                return; // the registration itself is the fact
            }

            lifetime = Lifetime(registration);
        }
        else if (lambda is not null && ResilienceSupport.IsOnceOnlyLambda(lambda, context.ContainingSymbol))
        {
            lifetime = "singleton";
        }
        else if (context.ContainingSymbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or IMethodSymbol { MethodKind: MethodKind.StaticConstructor } ||
                 CodeContext.IsStartupOrHostedServiceCode(invocation, context.ContainingSymbol))
        {
            lifetime = "singleton";
        }
        else if (context.ContainingSymbol is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor })
        {
            lifetime = string.Empty; // lives as long as its owner, whose lifetime is not known here
        }
        else
        {
            lifetime = "perCall";
        }

        var options = new List<string> { "Call=ConnectionMultiplexer." + invocation.TargetMethod.Name };
        AddConnectionFacts(options, invocation);
        Report(context, invocation, "StackExchange.Redis", lifetime ?? string.Empty, options);
    }

    /// <summary>
    /// What a constant connection string (the first argument of <c>Connect</c>, through a const or single-assignment local) says:
    /// <c>Endpoints</c> (comma-joined), <c>Ssl</c>, <c>AbortConnect</c>, <c>Sentinel</c>, <c>AllowAdmin</c>. Never credentials.
    /// </summary>
    private static void AddConnectionFacts(List<string> options, IInvocationOperation connect)
    {
        if (connect.Arguments.Length == 0)
        {
            return;
        }

        var value = connect.Arguments[0].Value.WalkDownConversions();
        var resolved = ValueTracer.Resolve(value) ?? value;
        if (resolved.ConstantValue is not { HasValue: true, Value: string text } || RedisConnectionString.Parse(text) is not { } parsed)
        {
            return;
        }

        if (!parsed.Endpoints.IsEmpty)
        {
            options.Add("Endpoints=" + string.Join(",", parsed.Endpoints));
        }

        options.Add("Ssl=" + (parsed.Ssl == true ? "true" : "false"));
        if (parsed.EffectiveAbortConnect is { } abort)
        {
            options.Add("AbortConnect=" + (abort ? "true" : "false"));
        }

        if (parsed.IsSentinel)
        {
            options.Add("Sentinel=" + parsed.ServiceName);
        }

        if (parsed.AllowAdmin == true)
        {
            options.Add("AllowAdmin=true");
        }
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string technology, string lifetime, List<string> options)
    {
        var joined = InventorySupport.Join(options);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE901,
            CodeContext.GetNameLocation(invocation),
            InventorySupport.Properties(
                (TechnologyProperty, technology),
                (LifetimeProperty, lifetime),
                (OptionsProperty, joined)),
            $"Cache registration '{invocation.TargetMethod.Name}' ({technology})" +
            (lifetime.Length > 0 ? ", lifetime " + lifetime : string.Empty) +
            (joined.Length > 0 ? ": " + joined : string.Empty)));
    }

    private static string? Lifetime(ServiceRegistration? registration) => registration?.Lifetime switch
    {
        ServiceLifetimeKind.Singleton => "singleton",
        ServiceLifetimeKind.Scoped => "scoped",
        ServiceLifetimeKind.Transient => "transient",
        _ => null,
    };

    private static bool IsMultiplexer(ITypeSymbol type) =>
        type.Name is "IConnectionMultiplexer" or "ConnectionMultiplexer" &&
        type.ContainingNamespace is { Name: "Redis", ContainingNamespace.Name: "StackExchange" };

    private static bool IsExtensionOn(IInvocationOperation invocation, string typeName) =>
        (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType?.Name == typeName;

    private static bool IsDependencyInjectionExtension(IInvocationOperation invocation)
    {
        var ns = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType?.ContainingNamespace;
        return SymbolNames.IsInNamespace(ns, "Microsoft.Extensions.DependencyInjection");
    }

    /// <summary>Settings of a FusionCache/HybridCache configuration, sorted: constant values as written, others as <c>?</c>.</summary>
    private static void AddSettings(List<string> options, RegistrationSettings settings)
    {
        var names = new List<string>(settings.Names);
        names.Sort(System.StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = settings.Get(name);
            options.Add(name + "=" + (value is null ? "?" : Value(value)));
        }

        if (settings.HasUnknownSource)
        {
            options.Add("(partly configured elsewhere)");
        }
    }

    /// <summary>Constant assignments to <paramref name="type"/>.<paramref name="members"/> in the registration's arguments (its options lambda).</summary>
    private static void AddAssignedOptions(List<string> options, IInvocationOperation invocation, string type, params string[] members)
    {
        foreach (var argument in invocation.Arguments)
        {
            var count = 0;
            foreach (var op in argument.Value.DescendantsAndSelf())
            {
                if (++count > 500)
                {
                    return;
                }

                if (op is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment &&
                    property.Property.ContainingType?.Name == type && System.Array.IndexOf(members, property.Property.Name) >= 0)
                {
                    options.Add(property.Property.Name + "=" + Value(assignment.Value));
                }
            }
        }
    }

    /// <summary>A constant as invariant text (durations in <c>c</c> format); <c>?</c> when the value is not constant.</summary>
    private static string Value(IOperation value)
    {
        if (ConstantFolding.TryGetTimeSpan(value, out var duration))
        {
            return InventorySupport.Duration(duration);
        }

        var constant = value.WalkDownConversions().ConstantValue;
        if (!constant.HasValue)
        {
            return "?";
        }

        return constant.Value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            string s => s,
            System.IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "?",
        };
    }
}
