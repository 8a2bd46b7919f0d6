using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Which <c>IDistributedCache</c> implementation a registration provides.</summary>
internal enum DistributedCacheProviderKind
{
    /// <summary><c>AddDistributedMemoryCache()</c> / <c>MemoryDistributedCache</c>: per process, not distributed.</summary>
    InMemory,
    Redis,
    SqlServer,
    Memcached,

    /// <summary>Another provider package (Cosmos, PostgreSQL, NCache…) or a custom <c>IDistributedCache</c> service.</summary>
    Other,
}

/// <summary>How a FusionCache builder gets a component (L2, backplane).</summary>
internal enum FusionComponentSource
{
    None,

    /// <summary>Passed explicitly: <c>WithDistributedCache(…)</c>, <c>WithBackplane(…)</c>.</summary>
    Explicit,

    /// <summary>Taken from DI: <c>WithRegisteredDistributedCache()</c>, <c>TryWithRegisteredBackplane()</c>, <c>TryWithAutoSetup()</c>.</summary>
    Registered,
}

/// <summary>One <c>IDistributedCache</c> registration.</summary>
internal sealed class DistributedCacheRegistration
{
    public DistributedCacheRegistration(IInvocationOperation invocation, DistributedCacheProviderKind kind, EnvironmentGuardKind guard)
    {
        Invocation = invocation;
        Kind = kind;
        Guard = guard;
    }

    public IInvocationOperation Invocation { get; }

    public DistributedCacheProviderKind Kind { get; }

    public EnvironmentGuardKind Guard { get; }

    /// <summary>The registration method (<c>AddStackExchangeRedisCache</c>, <c>AddSingleton</c>…).</summary>
    public string Name => Invocation.TargetMethod.Name;
}

/// <summary>
/// Settings written in a configuration lambda or initializer (<c>FusionCacheOptions</c>, <c>FusionCacheEntryOptions</c>,
/// <c>HybridCacheOptions</c>, <c>HybridCacheEntryOptions</c>), keyed <c>Type.Property</c>
/// (e.g. <c>FusionCacheEntryOptions.MemoryCacheDuration</c>); the last write wins. Fluent <c>SetX(…)</c> calls on
/// <c>FusionCacheEntryOptions</c> count as writes of <c>X</c>.
/// </summary>
internal sealed class RegistrationSettings
{
    private readonly Dictionary<string, IOperation> _values = new(StringComparer.Ordinal);

    public static readonly ImmutableArray<string> OptionTypes =
        ImmutableArray.Create("FusionCacheOptions", "FusionCacheEntryOptions", "HybridCacheOptions", "HybridCacheEntryOptions");

    /// <summary>True when part of the configuration is not visible (bound from configuration, built by a helper, passed in).</summary>
    public bool HasUnknownSource { get; internal set; }

    public IEnumerable<string> Names => _values.Keys;

    public bool IsSet(string name) => _values.ContainsKey(name);

    public IOperation? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The constant boolean value of a setting; null when unset or not constant.</summary>
    public bool? GetBool(string name) =>
        Get(name)?.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool value } ? value : null;

    /// <summary>The constant duration of a setting; null when unset or not constant.</summary>
    public TimeSpan? GetDuration(string name) =>
        Get(name) is { } value && ConstantFolding.TryGetTimeSpan(value, out var duration) ? duration : null;

    internal void Set(string name, IOperation value) => _values[name] = value;

    internal void MergeFrom(RegistrationSettings other)
    {
        foreach (var pair in other._values)
        {
            _values[pair.Key] = pair.Value;
        }

        HasUnknownSource |= other.HasUnknownSource;
    }

    /// <summary>Collects the option writes under <paramref name="root"/> (a lambda, an object creation, a fluent chain).</summary>
    internal void CollectFrom(IOperation? root)
    {
        if (root is null)
        {
            return;
        }

        var value = root.WalkDownConversions();
        if (value is IDelegateCreationOperation { Target: { } target })
        {
            value = target;
        }

        if (value is not (IAnonymousFunctionOperation or IObjectCreationOperation or IInvocationOperation))
        {
            HasUnknownSource = true; // a variable, a field, a method group: configured elsewhere
            return;
        }

        IParameterSymbol? optionsParameter = null;
        if (value is IAnonymousFunctionOperation lambda && lambda.Symbol.Parameters.Length > 0)
        {
            optionsParameter = lambda.Symbol.Parameters[lambda.Symbol.Parameters.Length - 1];
        }

        var count = 0;
        foreach (var op in value.DescendantsAndSelf())
        {
            if (++count > 2000)
            {
                HasUnknownSource = true;
                return;
            }

            switch (op)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                    when IsOptionType(property.Property.ContainingType):
                    Set(property.Property.ContainingType.Name + "." + property.Property.Name, assignment.Value);
                    break;
                case IInvocationOperation invocation:
                    CollectSetter(invocation, optionsParameter);
                    break;
                case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when IsOptionType(created):
                    // new FusionCacheEntryOptions(duration)
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.Parameter?.Name == "duration" && argument.IsExplicit())
                        {
                            Set(created.Name + ".Duration", argument.Value);
                        }
                    }

                    break;
            }
        }
    }

    private void CollectSetter(IInvocationOperation invocation, IParameterSymbol? optionsParameter)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is { } type && IsOptionType(type) && method.Name.StartsWith("Set", StringComparison.Ordinal) && method.Name.Length > 3)
        {
            var property = method.Name.Substring(3);
            foreach (var member in type.GetMembers(property))
            {
                if (member is IPropertySymbol && invocation.Arguments.Length > 0)
                {
                    Set(type.Name + "." + property, invocation.Arguments[0].Value);
                    return;
                }
            }

            // SetFailSafe(…), SetEagerRefresh(…): several settings at once, recorded under the method name.
            if (invocation.Arguments.Length > 0)
            {
                Set(type.Name + "." + method.Name, invocation.Arguments[0].Value);
            }

            return;
        }

        // configuration.Bind(options), section.Bind(options): the values come from configuration.
        if (optionsParameter is not null && method.Name is "Bind" or "Configure" or "Invoke")
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.IsReferenceTo(optionsParameter))
                {
                    HasUnknownSource = true;
                }
            }
        }
    }

    internal static bool IsOptionType(INamedTypeSymbol? type) =>
        type is not null && OptionTypes.Contains(type.Name) &&
        (SymbolNames.IsInNamespace(type.ContainingNamespace, "ZiggyCreatures.Caching.Fusion") || SymbolNames.IsInNamespace(type.ContainingNamespace, "Microsoft.Extensions.Caching.Hybrid"));
}

/// <summary>One <c>AddFusionCache()</c> registration and its builder chain.</summary>
internal sealed class FusionCacheRegistration
{
    public FusionCacheRegistration(IInvocationOperation invocation, EnvironmentGuardKind guard)
    {
        Invocation = invocation;
        Guard = guard;
    }

    /// <summary>The <c>AddFusionCache(…)</c> call.</summary>
    public IInvocationOperation Invocation { get; }

    public EnvironmentGuardKind Guard { get; }

    /// <summary>The cache name, when a constant name is passed (named caches).</summary>
    public string? CacheName { get; internal set; }

    public FusionComponentSource DistributedCache { get; internal set; }

    /// <summary>The call that gives the cache its L2 (<c>WithDistributedCache</c>, <c>WithRegisteredDistributedCache</c>…).</summary>
    public IInvocationOperation? DistributedCacheCall { get; internal set; }

    /// <summary>True when <c>WithRegisteredDistributedCache</c> keeps its default <c>ignoreMemoryDistributedCache: true</c>.</summary>
    public bool IgnoresMemoryDistributedCache { get; internal set; } = true;

    public FusionComponentSource Backplane { get; internal set; }

    /// <summary>The call that gives the cache its backplane.</summary>
    public IInvocationOperation? BackplaneCall { get; internal set; }

    /// <summary>True for <c>AsHybridCache()</c>/<c>AsKeyedHybridCache(…)</c>: the registered <c>HybridCache</c> is this FusionCache.</summary>
    public bool IsHybridCacheAdapter { get; internal set; }

    /// <summary>True when the chain uses <c>WithRegisteredOptions()</c> (options configured through DI).</summary>
    public bool UsesRegisteredOptions { get; internal set; }

    /// <summary>Option and default-entry-option writes of the chain (<c>WithOptions</c>, <c>WithDefaultEntryOptions</c>, the legacy options lambda).</summary>
    public RegistrationSettings Settings { get; } = new();

    /// <summary>The <c>WithDefaultEntryOptions(…)</c> call, if any (for fixes).</summary>
    public IInvocationOperation? DefaultEntryOptionsCall { get; internal set; }

    /// <summary>The last call of the fluent chain (for fixes that append a call).</summary>
    public IInvocationOperation LastCall { get; internal set; } = null!;
}

/// <summary>One <c>AddHybridCache(…)</c> registration.</summary>
internal sealed class HybridCacheRegistration
{
    public HybridCacheRegistration(IInvocationOperation invocation, EnvironmentGuardKind guard)
    {
        Invocation = invocation;
        Guard = guard;
    }

    public IInvocationOperation Invocation { get; }

    public EnvironmentGuardKind Guard { get; }

    /// <summary>The <c>setupAction</c> lambda argument, if any.</summary>
    public IOperation? SetupAction { get; internal set; }

    public RegistrationSettings Settings { get; } = new();
}

/// <summary>A Redis pub/sub subscription (<c>ISubscriber.Subscribe[Async]</c>) whose handler invalidates cache entries.</summary>
internal sealed class PubSubInvalidation
{
    public PubSubInvalidation(IInvocationOperation subscribe, ImmutableArray<CacheOperation> invalidations)
    {
        Subscribe = subscribe;
        Invalidations = invalidations;
    }

    public IInvocationOperation Subscribe { get; }

    /// <summary>The cache invalidations (<c>Remove</c>, <c>RemoveByTag</c>…) the handler performs.</summary>
    public ImmutableArray<CacheOperation> Invalidations { get; }
}

/// <summary>
/// The cache registration and configuration facts of one compilation (issue 3; also read by the TODO report): FusionCache builder
/// chains (<c>AddFusionCache().WithX(…)</c>) with their L2, backplane and option settings, <c>AddHybridCache</c> with its options,
/// every <c>IDistributedCache</c> registration with its environment guard, FusionCache backplane registrations, global
/// <c>Configure&lt;FusionCacheOptions/HybridCacheOptions&gt;</c> settings and pub/sub invalidation handlers.
/// Built by <see cref="CacheRegistrationsBuilder"/> from the invocations of the compilation.
/// </summary>
internal sealed class CacheRegistrations
{
    internal CacheRegistrations(
        ImmutableArray<FusionCacheRegistration> fusionCaches,
        ImmutableArray<HybridCacheRegistration> hybridCaches,
        ImmutableArray<DistributedCacheRegistration> distributedCaches,
        ImmutableArray<IInvocationOperation> backplanes,
        RegistrationSettings fusionOptions,
        RegistrationSettings hybridOptions,
        ImmutableArray<PubSubInvalidation> pubSubInvalidations)
    {
        FusionCaches = fusionCaches;
        HybridCaches = hybridCaches;
        DistributedCaches = distributedCaches;
        BackplaneRegistrations = backplanes;
        GlobalFusionOptions = fusionOptions;
        GlobalHybridOptions = hybridOptions;
        PubSubInvalidations = pubSubInvalidations;
    }

    public ImmutableArray<FusionCacheRegistration> FusionCaches { get; }

    public ImmutableArray<HybridCacheRegistration> HybridCaches { get; }

    public ImmutableArray<DistributedCacheRegistration> DistributedCaches { get; }

    /// <summary>DI registrations of an <c>IFusionCacheBackplane</c> (<c>AddFusionCacheStackExchangeRedisBackplane</c>, <c>AddSingleton&lt;IFusionCacheBackplane&gt;</c>).</summary>
    public ImmutableArray<IInvocationOperation> BackplaneRegistrations { get; }

    /// <summary>Settings from <c>services.Configure&lt;FusionCacheOptions&gt;(…)</c> (applies to caches using registered options).</summary>
    public RegistrationSettings GlobalFusionOptions { get; }

    /// <summary>Settings from <c>services.Configure&lt;HybridCacheOptions&gt;(…)</c>.</summary>
    public RegistrationSettings GlobalHybridOptions { get; }

    public ImmutableArray<PubSubInvalidation> PubSubInvalidations { get; }

    /// <summary>True when a provider other than <c>AddDistributedMemoryCache</c> registers <c>IDistributedCache</c>.</summary>
    public bool HasRealDistributedCache
    {
        get
        {
            foreach (var registration in DistributedCaches)
            {
                if (registration.Kind != DistributedCacheProviderKind.InMemory)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when <paramref name="cache"/> has an L2 that is shared between nodes (or may be: a DI-registered L2 with a real provider, or an explicit one).</summary>
    public bool HasDistributedL2(FusionCacheRegistration cache) => cache.DistributedCache switch
    {
        FusionComponentSource.Explicit => true,
        FusionComponentSource.Registered => HasRealDistributedCache || (!cache.IgnoresMemoryDistributedCache && DistributedCaches.Length > 0),
        _ => false,
    };

    /// <summary>True when <paramref name="cache"/> has a backplane (explicit, or registered in DI).</summary>
    public bool HasBackplane(FusionCacheRegistration cache) => cache.Backplane switch
    {
        FusionComponentSource.Explicit => true,
        FusionComponentSource.Registered => !BackplaneRegistrations.IsEmpty || cache.BackplaneCall?.TargetMethod.Name.StartsWith("With", StringComparison.Ordinal) == true,
        _ => false,
    };

    /// <summary>The effective settings of <paramref name="cache"/>: global <c>Configure&lt;FusionCacheOptions&gt;</c> then the chain's own.</summary>
    public RegistrationSettings EffectiveSettings(FusionCacheRegistration cache)
    {
        var settings = new RegistrationSettings();
        if (cache.UsesRegisteredOptions || cache.CacheName is null)
        {
            settings.MergeFrom(GlobalFusionOptions);
        }

        settings.MergeFrom(cache.Settings);
        return settings;
    }

    /// <summary>The effective settings of <paramref name="cache"/>: global <c>Configure&lt;HybridCacheOptions&gt;</c> then the setup action's.</summary>
    public RegistrationSettings EffectiveSettings(HybridCacheRegistration cache)
    {
        var settings = new RegistrationSettings();
        settings.MergeFrom(GlobalHybridOptions);
        settings.MergeFrom(cache.Settings);
        return settings;
    }
}

/// <summary>
/// Thread-safe collector of <see cref="CacheRegistrations"/>: call <see cref="Register"/> at compilation start (it registers an
/// invocation action), or feed invocations to <see cref="Add"/> and call <see cref="Build"/>.
/// </summary>
internal sealed class CacheRegistrationsBuilder
{
    private static readonly HashSet<string> CandidateNames = new(StringComparer.Ordinal)
    {
        "AddFusionCache", "AddHybridCache", "AddDistributedMemoryCache", "AddStackExchangeRedisCache", "AddDistributedRedisCache",
        "AddDistributedSqlServerCache", "AddEnyimMemcached", "AddCosmosCache", "AddDistributedCosmosCache", "AddNCacheDistributedCache",
        "AddDistributedPostgreSqlCache", "AddDistributedMySqlCache", "AddDistributedSqliteCache", "AddSqliteCache", "AddRedisCache",
        "AddSingleton", "TryAddSingleton", "AddKeyedSingleton", "TryAddKeyedSingleton", "Add", "TryAdd",
        "AddScoped", "AddTransient", "TryAddScoped", "TryAddTransient",
        "Configure", "PostConfigure", "Subscribe", "SubscribeAsync",
    };

    private readonly object _gate = new();
    private readonly List<FusionCacheRegistration> _fusion = new();
    private readonly List<HybridCacheRegistration> _hybrid = new();
    private readonly List<DistributedCacheRegistration> _distributed = new();
    private readonly List<IInvocationOperation> _backplanes = new();
    private readonly List<PubSubInvalidation> _pubSub = new();
    private readonly RegistrationSettings _fusionOptions = new();
    private readonly RegistrationSettings _hybridOptions = new();
    private readonly CacheSymbols _symbols;

    public CacheRegistrationsBuilder(CacheSymbols symbols)
    {
        _symbols = symbols;
    }

    /// <summary>Registers the collection for the compilation and calls <paramref name="onEnd"/> with the facts at its end.</summary>
    public static void Register(CompilationStartAnalysisContext context, CacheSymbols symbols, Action<CompilationAnalysisContext, CacheRegistrations> onEnd)
    {
        var builder = new CacheRegistrationsBuilder(symbols);
        context.RegisterOperationAction(ctx => builder.Add((IInvocationOperation)ctx.Operation, ctx.ContainingSymbol), OperationKind.Invocation);
        context.RegisterCompilationEndAction(ctx => onEnd(ctx, builder.Build()));
    }

    /// <summary>True when a call of that name may be a registration (cheap pre-filter).</summary>
    public static bool IsCandidateName(string name) =>
        CandidateNames.Contains(name) || (name.StartsWith("AddFusionCache", StringComparison.Ordinal) && name.EndsWith("Backplane", StringComparison.Ordinal));

    public void Add(IInvocationOperation invocation, ISymbol? containingSymbol)
    {
        var name = invocation.TargetMethod.Name;
        if (!IsCandidateName(name))
        {
            return;
        }

        switch (name)
        {
            case "AddFusionCache" when IsFusionServiceCollectionExtension(invocation.TargetMethod):
                var fusion = RecognizeFusionCache(invocation, containingSymbol);
                lock (_gate)
                {
                    _fusion.Add(fusion);
                }

                return;
            case "AddHybridCache" when IsDiExtension(invocation.TargetMethod):
                var hybrid = RecognizeHybridCache(invocation, containingSymbol);
                lock (_gate)
                {
                    _hybrid.Add(hybrid);
                }

                return;
            case "Configure" or "PostConfigure":
                AddGlobalOptions(invocation);
                return;
            case "Subscribe" or "SubscribeAsync":
                AddSubscription(invocation);
                return;
        }

        if (name.StartsWith("AddFusionCache", StringComparison.Ordinal) && name.EndsWith("Backplane", StringComparison.Ordinal))
        {
            lock (_gate)
            {
                _backplanes.Add(invocation);
            }

            return;
        }

        if (RecognizeDistributedCache(invocation) is { } kind)
        {
            var registration = new DistributedCacheRegistration(invocation, kind, EnvironmentGuards.Classify(invocation, containingSymbol));
            lock (_gate)
            {
                _distributed.Add(registration);
            }

            return;
        }

        if (ServiceRegistrations.Recognize(invocation) is { ServiceType: { } service } && service.Name == "IFusionCacheBackplane")
        {
            lock (_gate)
            {
                _backplanes.Add(invocation);
            }
        }
    }

    public CacheRegistrations Build()
    {
        lock (_gate)
        {
            return new CacheRegistrations(
                Sorted(_fusion, f => f.Invocation),
                Sorted(_hybrid, h => h.Invocation),
                Sorted(_distributed, d => d.Invocation),
                Sorted(_backplanes, b => b),
                _fusionOptions,
                _hybridOptions,
                Sorted(_pubSub, p => p.Subscribe));
        }
    }

    private static ImmutableArray<T> Sorted<T>(List<T> items, Func<T, IOperation> operation)
    {
        var copy = new List<T>(items);
        copy.Sort((a, b) =>
        {
            var x = operation(a).Syntax;
            var y = operation(b).Syntax;
            var byPath = string.CompareOrdinal(x.SyntaxTree.FilePath, y.SyntaxTree.FilePath);
            return byPath != 0 ? byPath : x.SpanStart.CompareTo(y.SpanStart);
        });
        return copy.ToImmutableArray();
    }

    /// <summary>The provider an <c>IDistributedCache</c> registration adds, or null when <paramref name="invocation"/> registers none.</summary>
    public static DistributedCacheProviderKind? RecognizeDistributedCache(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (!IsDiExtension(method) && method.Name is not ("AddEnyimMemcached"))
        {
            return null;
        }

        switch (method.Name)
        {
            case "AddDistributedMemoryCache":
                return DistributedCacheProviderKind.InMemory;
            case "AddStackExchangeRedisCache" or "AddDistributedRedisCache" or "AddRedisCache":
                return DistributedCacheProviderKind.Redis;
            case "AddDistributedSqlServerCache":
                return DistributedCacheProviderKind.SqlServer;
            case "AddEnyimMemcached":
                return DistributedCacheProviderKind.Memcached;
            case "AddCosmosCache" or "AddDistributedCosmosCache" or "AddNCacheDistributedCache" or "AddDistributedPostgreSqlCache"
                or "AddDistributedMySqlCache" or "AddDistributedSqliteCache" or "AddSqliteCache":
                return DistributedCacheProviderKind.Other;
        }

        if (ServiceRegistrations.Recognize(invocation) is { ServiceType: { } service } registration &&
            SymbolNames.Is(service, "Microsoft.Extensions.Caching.Distributed", "IDistributedCache"))
        {
            return registration.ImplementationType is { Name: "MemoryDistributedCache" } ? DistributedCacheProviderKind.InMemory : DistributedCacheProviderKind.Other;
        }

        return null;
    }

    /// <summary>Reads an <c>AddFusionCache(…)</c> call and the fluent builder chain that follows it (also through a builder local).</summary>
    public static FusionCacheRegistration RecognizeFusionCache(IInvocationOperation invocation, ISymbol? containingSymbol)
    {
        var registration = new FusionCacheRegistration(invocation, EnvironmentGuards.Classify(invocation, containingSymbol));
        registration.LastCall = invocation;
        for (var i = 1; i < invocation.Arguments.Length; i++)
        {
            var argument = invocation.Arguments[i];
            if (argument.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: string name })
            {
                registration.CacheName = name;
            }
            else if (argument.IsExplicit() && argument.Parameter?.Type is INamedTypeSymbol { TypeArguments.Length: 1 } action &&
                     action.TypeArguments[0].Name == "FusionCacheOptions")
            {
                // Legacy AddFusionCache(options => …, …) overload.
                registration.Settings.CollectFrom(argument.Value);
            }
        }

        var visited = 0;
        var current = (IOperation)invocation;
        while (visited++ < 64)
        {
            var next = current.NextFluentCall();
            if (next is null)
            {
                // var builder = services.AddFusionCache(); builder.WithBackplane(…);
                if (visited == 1 || current is IInvocationOperation)
                {
                    FollowBuilderLocal(registration, current);
                }

                break;
            }

            ApplyBuilderCall(registration, next);
            registration.LastCall = next;
            current = next;
        }

        return registration;
    }

    private static void FollowBuilderLocal(FusionCacheRegistration registration, IOperation chainEnd)
    {
        var parent = chainEnd.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return;
        }

        var local = declarator.Symbol;
        var root = ExecutionOrder.GetExecutableRoot(chainEnd);
        var count = 0;
        foreach (var op in root.Descendants())
        {
            if (++count > 5000)
            {
                return;
            }

            if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                IOperation current = reference;
                for (var i = 0; i < 32; i++)
                {
                    var next = current.NextFluentCall();
                    if (next is null)
                    {
                        break;
                    }

                    ApplyBuilderCall(registration, next);
                    current = next;
                }
            }
        }
    }

    private static void ApplyBuilderCall(FusionCacheRegistration registration, IInvocationOperation call)
    {
        var name = call.TargetMethod.Name;
        switch (name)
        {
            case "WithDistributedCache":
                registration.DistributedCache = FusionComponentSource.Explicit;
                registration.DistributedCacheCall = call;
                return;
            case "WithoutDistributedCache":
                registration.DistributedCache = FusionComponentSource.None;
                registration.DistributedCacheCall = null;
                return;
            case "WithBackplane":
                registration.Backplane = FusionComponentSource.Explicit;
                registration.BackplaneCall = call;
                return;
            case "WithoutBackplane":
                registration.Backplane = FusionComponentSource.None;
                registration.BackplaneCall = null;
                return;
            case "TryWithAutoSetup":
                if (registration.DistributedCache == FusionComponentSource.None)
                {
                    registration.DistributedCache = FusionComponentSource.Registered;
                    registration.DistributedCacheCall = call;
                }

                if (registration.Backplane == FusionComponentSource.None)
                {
                    registration.Backplane = FusionComponentSource.Registered;
                    registration.BackplaneCall = call;
                }

                return;
            case "WithOptions":
            case "WithDefaultEntryOptions":
                if (name == "WithDefaultEntryOptions")
                {
                    registration.DefaultEntryOptionsCall = call;
                }

                for (var i = 1; i < call.Arguments.Length; i++)
                {
                    registration.Settings.CollectFrom(call.Arguments[i].Value);
                }

                return;
            case "WithRegisteredOptions":
                registration.UsesRegisteredOptions = true;
                return;
            case "AsHybridCache" or "AsKeyedHybridCache" or "AsKeyedHybridCacheByCacheName":
                registration.IsHybridCacheAdapter = true;
                return;
        }

        if (name.IndexOf("DistributedCache", StringComparison.Ordinal) >= 0 && name.IndexOf("Registered", StringComparison.Ordinal) >= 0)
        {
            registration.DistributedCache = FusionComponentSource.Registered;
            registration.DistributedCacheCall = call;
            if (call.GetArgument("ignoreMemoryDistributedCache") is { } ignore && ignore.IsExplicit() &&
                ignore.Value.ConstantValue is { HasValue: true, Value: false })
            {
                registration.IgnoresMemoryDistributedCache = false;
            }
        }
        else if (name.IndexOf("Backplane", StringComparison.Ordinal) >= 0 && name.IndexOf("Registered", StringComparison.Ordinal) >= 0)
        {
            registration.Backplane = FusionComponentSource.Registered;
            registration.BackplaneCall = call;
        }
    }

    /// <summary>Reads an <c>AddHybridCache(…)</c> call and its setup action.</summary>
    public static HybridCacheRegistration RecognizeHybridCache(IInvocationOperation invocation, ISymbol? containingSymbol)
    {
        var registration = new HybridCacheRegistration(invocation, EnvironmentGuards.Classify(invocation, containingSymbol));
        for (var i = 1; i < invocation.Arguments.Length; i++)
        {
            if (invocation.Arguments[i].IsExplicit())
            {
                registration.SetupAction = invocation.Arguments[i].Value;
                registration.Settings.CollectFrom(invocation.Arguments[i].Value);
            }
        }

        return registration;
    }

    private void AddGlobalOptions(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.TypeArguments.Length != 1 || invocation.TargetMethod.TypeArguments[0] is not INamedTypeSymbol optionsType ||
            !RegistrationSettings.IsOptionType(optionsType))
        {
            return;
        }

        var settings = new RegistrationSettings();
        var hasDelegate = false;
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IDelegateCreationOperation or IAnonymousFunctionOperation)
            {
                hasDelegate = true;
                settings.CollectFrom(value);
            }
        }

        if (!hasDelegate)
        {
            settings.HasUnknownSource = true; // Configure<T>(IConfiguration section)
        }

        lock (_gate)
        {
            (optionsType.Name.StartsWith("Fusion", StringComparison.Ordinal) ? _fusionOptions : _hybridOptions).MergeFrom(settings);
        }
    }

    private void AddSubscription(IInvocationOperation invocation)
    {
        var type = invocation.TargetMethod.ContainingType;
        if (type is null || !SymbolNames.IsInNamespace(type.ContainingNamespace, "StackExchange.Redis") || type.Name is not ("ISubscriber" or "RedisSubscriber"))
        {
            return;
        }

        var invalidations = ImmutableArray.CreateBuilder<CacheOperation>();
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation handler })
            {
                foreach (var op in handler.Body.Descendants())
                {
                    if (op is IInvocationOperation call && CacheOperationRecognizer.Recognize(call, _symbols) is { Kind: CacheOperationKind.Invalidate } operation)
                    {
                        invalidations.Add(operation);
                    }
                }
            }
        }

        if (invalidations.Count > 0)
        {
            lock (_gate)
            {
                _pubSub.Add(new PubSubInvalidation(invocation, invalidations.ToImmutable()));
            }
        }
    }

    private static bool IsFusionServiceCollectionExtension(IMethodSymbol method) =>
        (method.ReducedFrom ?? method).ContainingType?.Name == "FusionCacheServiceCollectionExtensions";

    private static bool IsDiExtension(IMethodSymbol method) =>
        SymbolNames.IsInNamespace((method.ReducedFrom ?? method).ContainingType?.ContainingNamespace, "Microsoft.Extensions.DependencyInjection") ||
        SymbolNames.IsInNamespace((method.ReducedFrom ?? method).ContainingType?.ContainingNamespace, "Microsoft.Extensions.DependencyInjection.Extensions");
}
