using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Consistency;

/// <summary>
/// CACHE022 — Multi-node L1 without a cross-node invalidation channel. Whole-compilation rule over the shared
/// <see cref="CacheRegistrations"/> plus the compilation's cache call sites:
/// (a) Warning: FusionCache with a backplane but no L2, and <c>SkipBackplaneNotifications</c> not true by default;
/// (b) Info: FusionCache or HybridCache with an L2, explicit invalidation call sites (<c>Remove*</c>, <c>Set*</c>, <c>RemoveByTag*</c>,
/// <c>Expire*</c>), no backplane (FusionCache) or no pub/sub invalidation (HybridCache), and no shortened L1 lifetime;
/// (c) Info: an <c>ISubscriber.Subscribe</c> handler that invalidates entries which are written without any TTL elsewhere
/// (pub/sub is at-most-once: a lost message leaves them stale for good).
/// Severity is per finding, as for CACHE008: the descriptor's default is Info, (a) is reported as a Warning.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MultiNodeL1WithoutInvalidationAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the variant (<c>a</c>, <c>b</c> or <c>c</c>).</summary>
    public const string VariantProperty = "Variant";

    /// <summary>Diagnostic property: how the (b) fix shortens the L1 (absent when no fix is offered).</summary>
    public const string FixShapeProperty = "FixShape";

    /// <summary>Add <c>LocalCacheExpiration</c>/<c>MemoryCacheDuration</c> to the object initializer at the first additional location.</summary>
    public const string ShapeInitializer = "Initializer";

    /// <summary>Append <c>.SetMemoryCacheDuration(…)</c> to the <c>FusionCacheEntryOptions</c> expression at the first additional location.</summary>
    public const string ShapeFluent = "Fluent";

    /// <summary>Give <c>AddHybridCache()</c> a setup action that sets <c>DefaultEntryOptions</c>.</summary>
    public const string ShapeHybridSetup = "HybridSetup";

    /// <summary>Append <c>.WithDefaultEntryOptions(o =&gt; o.MemoryCacheDuration = …)</c> after <c>AddFusionCache(…)</c>.</summary>
    public const string ShapeFusionDefaults = "FusionDefaults";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE022);

    internal override bool IsApplicable(CacheSymbols symbols) =>
        symbols.FusionCache is not null || symbols.HybridCache is not null || symbols.RedisDatabaseAsync is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var state = new State(symbols);
        context.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(state.OnAssignment, OperationKind.SimpleAssignment);
        context.RegisterCompilationEndAction(state.OnEnd);
    }

    private sealed class UntimedWrite
    {
        public UntimedWrite(CacheTechnology technology, string? prefix, Location location)
        {
            Technology = technology;
            Prefix = prefix;
            Location = location;
        }

        public CacheTechnology Technology { get; }

        public string? Prefix { get; }

        public Location Location { get; }
    }

    private sealed class State
    {
        private readonly CacheSymbols _symbols;
        private readonly CacheRegistrationsBuilder _registrations;
        private readonly ConcurrentDictionary<CacheTechnology, Location> _invalidations = new();
        private readonly ConcurrentDictionary<CacheTechnology, bool> _l1ManagedAtCallSites = new();
        private readonly ConcurrentBag<UntimedWrite> _untimedWrites = new();

        public State(CacheSymbols symbols)
        {
            _symbols = symbols;
            _registrations = new CacheRegistrationsBuilder(symbols);
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            _registrations.Add(invocation, context.ContainingSymbol);

            var method = invocation.TargetMethod;
            if (method.Name is "SetMemoryCacheDuration" or "SetSkipMemoryCache" or "SetSkipMemoryCacheWrite" && method.ContainingType?.Name == "FusionCacheEntryOptions" &&
                !IsInRegistration(invocation))
            {
                _l1ManagedAtCallSites[CacheTechnology.FusionCache] = true;
                return;
            }

            if (CacheOperationRecognizer.Recognize(invocation, _symbols) is not { } operation)
            {
                return;
            }

            if (operation.Technology is CacheTechnology.FusionCache or CacheTechnology.HybridCache &&
                operation.Kind is CacheOperationKind.Invalidate or CacheOperationKind.Write)
            {
                _invalidations.TryAdd(operation.Technology, CodeContext.GetNameLocation(invocation));
            }
            else if (operation.Kind == CacheOperationKind.Write &&
                     operation.Technology is CacheTechnology.MemoryCache or CacheTechnology.DistributedCache or CacheTechnology.Redis or CacheTechnology.RuntimeCaching)
            {
                var facts = ExpiryTracer.Trace(operation);
                if (!facts.IsUnknown && !facts.HasExpiration && !facts.Has(ExpiryFlags.KeepTtl) && !operation.IsMultiKey)
                {
                    _untimedWrites.Add(new UntimedWrite(operation.Technology, KeyExpressions.GetConstantPrefix(operation.Key), CodeContext.GetNameLocation(invocation)));
                }
            }
        }

        public void OnAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } || property.ContainingType is not { } type)
            {
                return;
            }

            var technology = (type.Name, property.Name) switch
            {
                ("FusionCacheEntryOptions", "MemoryCacheDuration" or "SkipMemoryCache" or "SkipMemoryCacheWrite") => CacheTechnology.FusionCache,
                ("HybridCacheEntryOptions", "LocalCacheExpiration") => CacheTechnology.HybridCache,
                ("HybridCacheEntryOptions", "Flags") when assignment.Value.Syntax.ToString().IndexOf("DisableLocalCache", StringComparison.Ordinal) >= 0 => CacheTechnology.HybridCache,
                _ => (CacheTechnology?)null,
            };
            if (technology is { } t && !IsInRegistration(assignment))
            {
                _l1ManagedAtCallSites[t] = true;
            }
        }

        /// <summary>True inside the configuration of a registration (its settings are read from <see cref="CacheRegistrations"/>).</summary>
        private static bool IsInRegistration(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IInvocationOperation { TargetMethod.Name: "AddFusionCache" or "AddHybridCache" or "WithOptions" or "WithDefaultEntryOptions" or "Configure" or "PostConfigure" })
                {
                    return true;
                }
            }

            return false;
        }

        public void OnEnd(CompilationAnalysisContext context)
        {
            var facts = _registrations.Build();
            foreach (var cache in facts.FusionCaches)
            {
                if (cache.Guard == EnvironmentGuardKind.DevelopmentOrTest || IsSingleInstance(context, cache.Invocation))
                {
                    continue;
                }

                if (!ReportBackplaneWithoutL2(context, facts, cache))
                {
                    ReportFusionWithoutChannel(context, facts, cache);
                }
            }

            foreach (var cache in facts.HybridCaches)
            {
                if (cache.Guard != EnvironmentGuardKind.DevelopmentOrTest && !IsSingleInstance(context, cache.Invocation))
                {
                    ReportHybridWithoutChannel(context, facts, cache);
                }
            }

            foreach (var subscription in facts.PubSubInvalidations)
            {
                if (!IsSingleInstance(context, subscription.Subscribe))
                {
                    ReportUntimedPubSubTargets(context, subscription);
                }
            }
        }

        // (a) backplane without L2
        private static bool ReportBackplaneWithoutL2(CompilationAnalysisContext context, CacheRegistrations facts, FusionCacheRegistration cache)
        {
            if (cache.Backplane != FusionComponentSource.Explicit && !(cache.Backplane == FusionComponentSource.Registered && facts.HasBackplane(cache)))
            {
                return false;
            }

            // No L2 at all, or a DI-registered L2 that can only be the (ignored) memory distributed cache.
            var noL2 = cache.DistributedCache == FusionComponentSource.None ||
                       (cache.DistributedCache == FusionComponentSource.Registered && !facts.DistributedCaches.IsEmpty && !facts.HasDistributedL2(cache));
            if (!noL2)
            {
                return false;
            }

            var settings = facts.EffectiveSettings(cache);
            if (HasUnknownEntryOptions(settings) || settings.GetBool("FusionCacheEntryOptions.SkipBackplaneNotifications") != false && settings.IsSet("FusionCacheEntryOptions.SkipBackplaneNotifications"))
            {
                return false;
            }

            var location = CodeContext.GetNameLocation(cache.BackplaneCall ?? cache.Invocation);
            const string message = "FusionCache has a backplane but no distributed cache (L2): every change makes the other nodes evict the entry and run the factory again, " +
                                   "so the cache keeps invalidating itself; add WithDistributedCache(…), or set DefaultEntryOptions.SkipBackplaneNotifications = true and opt in per call";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE022, location, DiagnosticSeverity.Warning, new[] { CodeContext.GetNameLocation(cache.Invocation) },
                ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "a"), message));
            return true;
        }

        // (b) FusionCache with L2, invalidations, no backplane, long L1
        private void ReportFusionWithoutChannel(CompilationAnalysisContext context, CacheRegistrations facts, FusionCacheRegistration cache)
        {
            if (!facts.HasDistributedL2(cache) || facts.HasBackplane(cache) || cache.Backplane == FusionComponentSource.Explicit)
            {
                return;
            }

            var invalidation = GetInvalidation(CacheTechnology.FusionCache) ?? (cache.IsHybridCacheAdapter ? GetInvalidation(CacheTechnology.HybridCache) : null);
            if (invalidation is null || _l1ManagedAtCallSites.ContainsKey(CacheTechnology.FusionCache))
            {
                return;
            }

            var settings = facts.EffectiveSettings(cache);
            var staleness = MaxStaleness(context, cache.Invocation);
            if (HasUnknownEntryOptions(settings) || settings.GetBool("FusionCacheEntryOptions.SkipMemoryCache") == true ||
                IsShortL1(settings, "FusionCacheEntryOptions.MemoryCacheDuration", "FusionCacheEntryOptions.Duration", FusionDefaultDuration, staleness))
            {
                return;
            }

            ReportLongL1(context, cache.Invocation, invalidation, staleness, FusionFixTarget(cache, settings),
                "FusionCache has a distributed cache (L2) and the code invalidates entries, but no backplane: other nodes keep serving their in-memory (L1) copy until it expires; " +
                $"add a backplane (WithBackplane) or shorten the L1 with MemoryCacheDuration (at most {TtlSyntax.ToTimeSpanExpression(staleness)})");
        }

        // (b) HybridCache with L2, invalidations, no cross-node channel, long L1
        private void ReportHybridWithoutChannel(CompilationAnalysisContext context, CacheRegistrations facts, HybridCacheRegistration cache)
        {
            if (!facts.HasRealDistributedCache || IsFusionAdapter(facts) || _l1ManagedAtCallSites.ContainsKey(CacheTechnology.HybridCache) ||
                GetInvalidation(CacheTechnology.HybridCache) is not { } invalidation || HasPubSubFor(facts, CacheTechnology.HybridCache))
            {
                return;
            }

            var settings = facts.EffectiveSettings(cache);
            var staleness = MaxStaleness(context, cache.Invocation);
            if (settings.HasUnknownSource || IsUnknownObject(settings.Get("HybridCacheOptions.DefaultEntryOptions")) ||
                settings.IsSet("HybridCacheEntryOptions.Flags") ||
                IsShortL1(settings, "HybridCacheEntryOptions.LocalCacheExpiration", "HybridCacheEntryOptions.Expiration", HybridDefaultExpiration, staleness))
            {
                return;
            }

            ReportLongL1(context, cache.Invocation, invalidation, staleness, HybridFixTarget(cache, settings),
                "HybridCache has a distributed cache (L2) and the code invalidates entries, but RemoveAsync/RemoveByTagAsync only reach this node's memory and the L2: " +
                $"other nodes keep serving their local copy until it expires; shorten LocalCacheExpiration (at most {TtlSyntax.ToTimeSpanExpression(staleness)}) or publish invalidations to every node");
        }

        /// <summary>Reports (b) at the registration, with the invalidation site and, when the fix can edit it, the options to shorten.</summary>
        private static void ReportLongL1(
            CompilationAnalysisContext context, IInvocationOperation registration, Location invalidation, TimeSpan staleness, (string Shape, Location Target)? fix, string message)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(VariantProperty, "b")
                .Add(CachingArchitectOptions.TtlProperty, TtlSyntax.ToPropertyText(staleness));
            var additional = new List<Location> { invalidation };
            if (fix is { } target)
            {
                properties = properties.Add(FixShapeProperty, target.Shape);
                additional.Insert(0, target.Target);
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE022, CodeContext.GetNameLocation(registration), additional, properties, message));
        }

        // (c) pub/sub invalidation of entries that never expire
        private void ReportUntimedPubSubTargets(CompilationAnalysisContext context, PubSubInvalidation subscription)
        {
            foreach (var invalidation in subscription.Invalidations)
            {
                var prefix = KeyExpressions.GetConstantPrefix(invalidation.Key);
                foreach (var write in _untimedWrites)
                {
                    if (write.Technology != invalidation.Technology || !PrefixesMatch(prefix, write.Prefix))
                    {
                        continue;
                    }

                    var message = $"This pub/sub handler is the only way '{invalidation.Method.Name}' reaches other nodes, but pub/sub is at-most-once and the entries it invalidates are written without a TTL: " +
                                  "a message lost while a node is disconnected leaves its copy stale until the process restarts; give the entries a TTL as a safety net";
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.CACHE022, CodeContext.GetNameLocation(invalidation.Invocation), new[] { write.Location },
                        ImmutableDictionary<string, string?>.Empty.Add(VariantProperty, "c"), message));
                    return;
                }
            }
        }

        private static bool PrefixesMatch(string? a, string? b) =>
            string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b) || a!.StartsWith(b!, StringComparison.Ordinal) || b!.StartsWith(a, StringComparison.Ordinal);

        private Location? GetInvalidation(CacheTechnology technology) => _invalidations.TryGetValue(technology, out var location) ? location : null;

        private static bool HasPubSubFor(CacheRegistrations facts, CacheTechnology technology)
        {
            foreach (var subscription in facts.PubSubInvalidations)
            {
                foreach (var invalidation in subscription.Invalidations)
                {
                    if (invalidation.Technology == technology)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsFusionAdapter(CacheRegistrations facts)
        {
            foreach (var cache in facts.FusionCaches)
            {
                if (cache.IsHybridCacheAdapter)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSingleInstance(CompilationAnalysisContext context, IOperation operation) =>
            CachingArchitectOptions.GetBool(context.Options, operation.Syntax.SyntaxTree, CachingArchitectOptions.SingleInstanceKey, false);

        private static TimeSpan MaxStaleness(CompilationAnalysisContext context, IOperation operation) =>
            CachingArchitectOptions.GetDuration(context.Options, operation.Syntax.SyntaxTree, CachingArchitectOptions.MaxL1StalenessKey, CachingArchitectOptions.MaxL1StalenessFallback);
    }

    private static readonly TimeSpan FusionDefaultDuration = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan HybridDefaultExpiration = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True when the L1 lifetime is short or deliberately shortened: the L1 setting is not constant (assume deliberate), at most
    /// <paramref name="staleness"/>, or shorter than the L2 duration; when unset, the L2 duration itself is at most <paramref name="staleness"/>.
    /// </summary>
    private static bool IsShortL1(RegistrationSettings settings, string l1Name, string durationName, TimeSpan defaultDuration, TimeSpan staleness)
    {
        var duration = settings.IsSet(durationName) ? settings.GetDuration(durationName) : defaultDuration;
        if (settings.IsSet(l1Name))
        {
            if (settings.GetDuration(l1Name) is not { } l1)
            {
                return true;
            }

            return l1 <= staleness || duration is null || l1 < duration.Value;
        }

        return duration is null || duration.Value <= staleness;
    }

    /// <summary>Default entry options assigned from something other than an object creation, or configuration bound from elsewhere.</summary>
    private static bool HasUnknownEntryOptions(RegistrationSettings settings) =>
        settings.HasUnknownSource || IsUnknownObject(settings.Get("FusionCacheOptions.DefaultEntryOptions"));

    private static bool IsUnknownObject(IOperation? value) =>
        value is not null && value.WalkDownConversions() is not (IObjectCreationOperation or IInvocationOperation { Instance: IObjectCreationOperation });

    private static (string Shape, Location Target)? FusionFixTarget(FusionCacheRegistration cache, RegistrationSettings settings)
    {
        if (cache.DefaultEntryOptionsCall is { } call)
        {
            if (call.Arguments.Length < 2)
            {
                return null;
            }

            var value = call.Arguments[1].Value.WalkDownConversions();
            return value switch
            {
                IObjectCreationOperation { Initializer: not null } creation when !settings.IsSet("FusionCacheEntryOptions.MemoryCacheDuration") =>
                    (ShapeInitializer, creation.Syntax.GetLocation()),
                IObjectCreationOperation or IInvocationOperation { Type.Name: "FusionCacheEntryOptions" } => (ShapeFluent, value.Syntax.GetLocation()),
                _ => null,
            };
        }

        if (settings.IsSet("FusionCacheOptions.DefaultEntryOptions") || settings.IsSet("FusionCacheEntryOptions.MemoryCacheDuration"))
        {
            return null;
        }

        return (ShapeFusionDefaults, cache.Invocation.Syntax.GetLocation());
    }

    private static (string Shape, Location Target)? HybridFixTarget(HybridCacheRegistration cache, RegistrationSettings settings)
    {
        if (settings.IsSet("HybridCacheEntryOptions.LocalCacheExpiration"))
        {
            return null;
        }

        if (cache.SetupAction is null)
        {
            return cache.Invocation.Arguments.Length == 1 ? (ShapeHybridSetup, cache.Invocation.Syntax.GetLocation()) : null;
        }

        return cache.Settings.Get("HybridCacheOptions.DefaultEntryOptions")?.WalkDownConversions() is IObjectCreationOperation creation
            ? (ShapeInitializer, creation.Syntax.GetLocation())
            : null;
    }
}
