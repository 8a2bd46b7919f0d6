using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Which family of options a duration setting belongs to (they have different validation rules).</summary>
internal enum DurationFamily
{
    /// <summary><c>MemoryCacheEntryOptions</c>, <c>ICacheEntry</c>, <c>DistributedCacheEntryOptions</c>.</summary>
    MemoryLike,

    /// <summary>System.Runtime.Caching <c>CacheItemPolicy</c>.</summary>
    RuntimePolicy,

    /// <summary><c>HybridCacheEntryOptions</c>.</summary>
    Hybrid,

    /// <summary><c>FusionCacheEntryOptions</c>.</summary>
    Fusion,
}

/// <summary>A duration-related member of an options object, whatever the library.</summary>
internal enum DurationSetting
{
    /// <summary><c>AbsoluteExpirationRelativeToNow</c> / <c>SetAbsoluteExpiration(TimeSpan)</c>.</summary>
    Relative,

    /// <summary><c>SlidingExpiration</c> / <c>SetSlidingExpiration</c>.</summary>
    Sliding,

    /// <summary><c>AbsoluteExpiration</c> (a point in time) / <c>SetAbsoluteExpiration(DateTimeOffset)</c>.</summary>
    Absolute,

    /// <summary>HybridCache <c>Expiration</c> (L2 and default L1).</summary>
    HybridExpiration,

    /// <summary>HybridCache <c>LocalCacheExpiration</c> (L1).</summary>
    HybridLocalExpiration,

    /// <summary>FusionCache <c>Duration</c> / <c>SetDuration</c>.</summary>
    FusionDuration,

    /// <summary>FusionCache <c>FailSafeMaxDuration</c> / <c>SetFailSafe(_, maxDuration)</c>.</summary>
    FusionFailSafeMaxDuration,

    /// <summary>FusionCache <c>EagerRefreshThreshold</c> / <c>SetEagerRefresh</c> (a fraction, not a duration).</summary>
    FusionEagerRefreshThreshold,

    /// <summary>FusionCache <c>FactorySoftTimeout</c>.</summary>
    FusionSoftTimeout,

    /// <summary>FusionCache <c>FactoryHardTimeout</c>.</summary>
    FusionHardTimeout,

    /// <summary>FusionCache <c>JitterMaxDuration</c> / <c>SetJittering</c>.</summary>
    FusionJitter,
}

/// <summary>
/// One write of a duration setting: <c>X = value</c> (initializer or statement), or a fluent setter call.
/// <see cref="Site"/> is what a fix removes; <see cref="Value"/> is what it replaces.
/// </summary>
internal sealed class DurationAssignment
{
    public DurationAssignment(DurationFamily family, DurationSetting setting, IOperation value, IOperation site, bool siteSetsOnlyThis)
    {
        Family = family;
        Setting = setting;
        Value = value;
        Site = site;
        SiteSetsOnlyThis = siteSetsOnlyThis;
    }

    public DurationFamily Family { get; }

    public DurationSetting Setting { get; }

    /// <summary>The assigned value (argument or right-hand side).</summary>
    public IOperation Value { get; }

    /// <summary>The assignment operation, or the setter invocation.</summary>
    public IOperation Site { get; }

    /// <summary>False for setters that set several members at once (<c>SetFactoryTimeouts(soft, hard)</c>): removing the call would drop the others.</summary>
    public bool SiteSetsOnlyThis { get; }

    /// <summary>The value folded to a TimeSpan, when it is constant-evaluable.</summary>
    public TimeSpan? ConstantTimeSpan => ConstantFolding.TryGetTimeSpan(Value, out var value) ? value : null;

    /// <summary>The value folded to a number (eager refresh threshold), when it is constant-evaluable.</summary>
    public double? ConstantNumber => ConstantFolding.TryGetNumber(Value, out var value) ? value : null;

    /// <summary>True when the value is a literal <c>null</c> / <c>default</c> of a nullable (the setting is reset, not set).</summary>
    public bool IsNull
    {
        get
        {
            var v = Value.WalkDownConversions();
            return v is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } ||
                   (v is IDefaultValueOperation && v.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T });
        }
    }
}

/// <summary>
/// Duration settings of cache options objects, normalized across MEC, System.Runtime.Caching, HybridCache and
/// FusionCache: classification of members and setter calls, and the collection of every setting made on one
/// options object (its initializer, fluent chain, and later mutations of the local that holds it).
/// Used by CACHE007 (coherence checks) and CACHE006 (jitter).
/// </summary>
internal static class DurationFacts
{
    /// <summary>The options family of <paramref name="type"/>, or null when it is not a known options type.</summary>
    public static DurationFamily? GetFamily(ITypeSymbol? type, CacheSymbols symbols)
    {
        if (type is null)
        {
            return null;
        }

        var t = type.OriginalDefinition;
        if (Is(t, symbols.MemoryCacheEntryOptions) || Is(t, symbols.DistributedCacheEntryOptions) || symbols.Has(t, CacheTypeRoles.CacheEntry))
        {
            return DurationFamily.MemoryLike;
        }

        if (Is(t, symbols.CacheItemPolicy))
        {
            return DurationFamily.RuntimePolicy;
        }

        if (Is(t, symbols.HybridCacheEntryOptions))
        {
            return DurationFamily.Hybrid;
        }

        if (Is(t, symbols.FusionCacheEntryOptions))
        {
            return DurationFamily.Fusion;
        }

        return null;
    }

    /// <summary>Classifies a property of an options type.</summary>
    public static DurationSetting? ClassifyProperty(DurationFamily family, string name) => family switch
    {
        DurationFamily.MemoryLike => name switch
        {
            "AbsoluteExpirationRelativeToNow" => DurationSetting.Relative,
            "SlidingExpiration" => DurationSetting.Sliding,
            "AbsoluteExpiration" => DurationSetting.Absolute,
            _ => null,
        },
        DurationFamily.RuntimePolicy => name switch
        {
            "SlidingExpiration" => DurationSetting.Sliding,
            "AbsoluteExpiration" => DurationSetting.Absolute,
            _ => null,
        },
        DurationFamily.Hybrid => name switch
        {
            "Expiration" => DurationSetting.HybridExpiration,
            "LocalCacheExpiration" => DurationSetting.HybridLocalExpiration,
            _ => null,
        },
        DurationFamily.Fusion => name switch
        {
            "Duration" => DurationSetting.FusionDuration,
            "FailSafeMaxDuration" => DurationSetting.FusionFailSafeMaxDuration,
            "EagerRefreshThreshold" => DurationSetting.FusionEagerRefreshThreshold,
            "FactorySoftTimeout" => DurationSetting.FusionSoftTimeout,
            "FactoryHardTimeout" => DurationSetting.FusionHardTimeout,
            "JitterMaxDuration" => DurationSetting.FusionJitter,
            _ => null,
        },
        _ => null,
    };

    /// <summary>The setting made by an assignment to a property (<c>x.Prop = v</c> or an initializer element), or null.</summary>
    public static DurationAssignment? FromAssignment(ISimpleAssignmentOperation assignment, CacheSymbols symbols)
    {
        if (assignment.Target is not IPropertyReferenceOperation property)
        {
            return null;
        }

        var family = GetFamily(property.Property.ContainingType, symbols);
        if (family is null || ClassifyProperty(family.Value, property.Property.Name) is not { } setting)
        {
            return null;
        }

        return new DurationAssignment(family.Value, setting, assignment.Value, assignment, siteSetsOnlyThis: true);
    }

    private static readonly List<DurationAssignment> NoAssignments = new();

    /// <summary>The settings made by a fluent setter call (<c>SetSlidingExpiration</c>, <c>SetFailSafe</c>, …); empty when it is none.</summary>
    public static IReadOnlyList<DurationAssignment> FromCall(IInvocationOperation invocation, CacheSymbols symbols)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var name = method.Name;
        var container = method.ContainingType;
        var entryExtensions = Is(container, symbols.MemoryCacheEntryExtensions) || Is(container, symbols.CacheEntryExtensions) || Is(container, symbols.DistributedCacheEntryExtensions);
        if (!name.StartsWith("Set", StringComparison.Ordinal) || !entryExtensions && !Is(container, symbols.FusionCacheEntryOptions))
        {
            // Every Set… call of the code base comes here (SetValue, SetProperty…): no allocation for them.
            return NoAssignments;
        }

        var result = new List<DurationAssignment>();
        if (entryExtensions)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { Ordinal: > 0 } parameter)
                {
                    continue;
                }

                if (name == "SetSlidingExpiration")
                {
                    result.Add(new DurationAssignment(DurationFamily.MemoryLike, DurationSetting.Sliding, argument.Value, invocation, true));
                }
                else if (name == "SetAbsoluteExpiration")
                {
                    var setting = ConstantFolding.IsTimeSpan(parameter.Type) ? DurationSetting.Relative : DurationSetting.Absolute;
                    result.Add(new DurationAssignment(DurationFamily.MemoryLike, setting, argument.Value, invocation, true));
                }
            }

            return result;
        }

        // FusionCacheEntryOptions (the early return let nothing else through).
        var explicitCount = 0;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.IsExplicit())
            {
                explicitCount++;
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            if (!argument.IsExplicit() || argument.Parameter is null)
            {
                continue;
            }

            DurationSetting? setting = (name, argument.Parameter.Name) switch
            {
                ("SetDuration", "duration") => DurationSetting.FusionDuration,
                ("SetFailSafe", "maxDuration") => DurationSetting.FusionFailSafeMaxDuration,
                ("SetEagerRefresh", "threshold") => DurationSetting.FusionEagerRefreshThreshold,
                ("SetFactoryTimeouts", "softTimeout") => DurationSetting.FusionSoftTimeout,
                ("SetFactoryTimeouts", "hardTimeout") => DurationSetting.FusionHardTimeout,
                ("SetJittering", "jitterMaxDuration") => DurationSetting.FusionJitter,
                _ => null,
            };

            if (setting is not null)
            {
                result.Add(new DurationAssignment(DurationFamily.Fusion, setting.Value, argument.Value, invocation, explicitCount == 1));
            }
        }

        return result;
    }

    /// <summary>
    /// Every setting made on the options object created by <paramref name="creation"/>: its initializer, the fluent
    /// chain on it, and — when the result is held in a local assigned once — the member assignments and setter
    /// calls on that local in the same body.
    /// </summary>
    public static List<DurationAssignment> Collect(IObjectCreationOperation creation, CacheSymbols symbols)
    {
        var result = new List<DurationAssignment>();

        // new FusionCacheEntryOptions(TimeSpan? duration)
        if (GetFamily(creation.Type, symbols) == DurationFamily.Fusion)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "duration" && argument.IsExplicit())
                {
                    result.Add(new DurationAssignment(DurationFamily.Fusion, DurationSetting.FusionDuration, argument.Value, creation, siteSetsOnlyThis: false));
                }
            }
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation assignment && FromAssignment(assignment, symbols) is { } setting)
                {
                    result.Add(setting);
                }
            }
        }

        var end = FollowFluentChain(creation, symbols, result);
        var parent = OptionsObjectWalker.SkipConversions(end).Parent;
        ILocalSymbol? local = parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };

        if (local is not null && ValueTracer.GetSingleAssignment(local, creation) is not null &&
            !CollectMutations(local, creation.GetRoot(), symbols, result))
        {
            // Handed to code the trace does not follow: what it ends up with is unknown.
            result.Clear();
        }

        return result;
    }

    /// <summary>
    /// The settings made on <paramref name="symbol"/> (an <c>ICacheEntry</c> parameter or local) inside <paramref name="body"/>.
    /// Returns false, and adds nothing, when the object escapes to code the trace does not follow.
    /// </summary>
    public static bool CollectMutations(ISymbol symbol, IOperation body, CacheSymbols symbols, List<DurationAssignment> result)
    {
        var found = new List<DurationAssignment>();
        foreach (var use in OptionsObjectWalker.GetUses(symbol, body))
        {
            if (OptionsObjectWalker.Escapes(use))
            {
                return false;
            }

            switch (use.Kind)
            {
                case OptionsUseKind.MemberAssignment:
                    if (FromAssignment(use.Assignment!, symbols) is { } setting)
                    {
                        found.Add(setting);
                    }

                    break;
                case OptionsUseKind.Call:
                    var settings = FromCall(use.Call!, symbols);
                    if (settings.Count > 0)
                    {
                        found.AddRange(settings);
                        FollowFluentChain(use.Call!, symbols, found);
                    }

                    break;
            }
        }

        result.AddRange(found);
        return true;
    }

    /// <summary>Returns the only setting of kind <paramref name="setting"/>, or null when it is absent or set more than once.</summary>
    public static DurationAssignment? Single(List<DurationAssignment> settings, DurationSetting setting)
    {
        DurationAssignment? found = null;
        foreach (var s in settings)
        {
            if (s.Setting != setting)
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = s;
        }

        return found;
    }

    /// <summary>True when <paramref name="setting"/> appears in <paramref name="settings"/>.</summary>
    public static bool Has(List<DurationAssignment> settings, DurationSetting setting)
    {
        foreach (var s in settings)
        {
            if (s.Setting == setting)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Folds a constant point in time: <c>new DateTimeOffset(y, m, d…)</c>, <c>new DateTime(y, m, d…)</c>, <c>MinValue</c>.</summary>
    public static bool TryGetConstantPointInTime(IOperation operation, out DateTimeOffset value)
    {
        value = default;
        var op = operation.WalkDownConversions();
        if (op is IFieldReferenceOperation { Field: { IsStatic: true, Name: "MinValue" } } && op.Type?.Name is "DateTime" or "DateTimeOffset")
        {
            value = DateTimeOffset.MinValue;
            return true;
        }

        if (op is ILocalReferenceOperation or IFieldReferenceOperation { Field.IsReadOnly: true })
        {
            var resolved = ValueTracer.Resolve(op);
            if (resolved is null || ReferenceEquals(resolved, op))
            {
                return false;
            }

            op = resolved.WalkDownConversions();
        }

        var typeName = op.Type?.Name;
        if (typeName is not ("DateTime" or "DateTimeOffset") || op.Type!.ContainingNamespace?.Name != "System")
        {
            return false;
        }

        if (op is IFieldReferenceOperation { Field: { IsStatic: true, Name: "MinValue" } })
        {
            value = DateTimeOffset.MinValue;
            return true;
        }

        if (op is not IObjectCreationOperation { Arguments.Length: >= 3 } creation)
        {
            return false;
        }

        var numbers = new int[Math.Min(creation.Arguments.Length, 6)];
        for (var i = 0; i < numbers.Length; i++)
        {
            var argument = creation.Arguments[i];
            if (argument.Parameter?.Type.SpecialType != SpecialType.System_Int32 || !ConstantFolding.TryGetNumber(argument.Value, out var n))
            {
                return false;
            }

            numbers[i] = (int)n;
        }

        try
        {
            var dateTime = new DateTime(
                numbers[0], numbers[1], numbers[2],
                numbers.Length > 3 ? numbers[3] : 0,
                numbers.Length > 4 ? numbers[4] : 0,
                numbers.Length > 5 ? numbers[5] : 0,
                DateTimeKind.Utc);

            // An offset or DateTimeKind argument moves the instant by at most 14 hours: callers compare with a margin.
            value = new DateTimeOffset(dateTime);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Follows fluent setters chained on <paramref name="start"/>, adding their settings; returns the end of the chain.</summary>
    private static IOperation FollowFluentChain(IOperation start, CacheSymbols symbols, List<DurationAssignment> result) =>
        OptionsObjectWalker.WalkFluentChain(start, call =>
        {
            var settings = FromCall(call, symbols);
            if (settings.Count == 0 && !OptionsObjectWalker.IsFluentSetter(call))
            {
                return false;
            }

            result.AddRange(settings);
            return true;
        });

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? target) =>
        type is not null && target is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target);
}
