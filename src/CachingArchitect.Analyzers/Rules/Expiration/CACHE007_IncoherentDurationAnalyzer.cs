using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE007 — Incoherent or out-of-range duration settings: constant-evaluable values that throw, are ignored or
/// normalized (non-positive TTL/sliding, past absolute expiration, sliding ≥ TTL, HybridCache L1 &gt; L2, FusionCache
/// fail-safe/eager-refresh/timeouts), and a TimeSpan component (<c>ttl.Seconds</c>) used where a total is meant.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IncoherentDurationAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: what the fix does.</summary>
    public const string FixProperty = "Fix";

    /// <summary>Removes the setting at the diagnostic location (initializer element, statement or fluent call).</summary>
    public const string FixRemove = "Remove";

    /// <summary>Replaces the value at the diagnostic location with <see cref="ValueProperty"/> (TimeSpan, invariant <c>c</c>).</summary>
    public const string FixReplace = "Replace";

    /// <summary>Swaps the value at the diagnostic location with the one at the additional location.</summary>
    public const string FixSwap = "Swap";

    /// <summary>Replaces <c>x.Seconds</c> with <c>(int)x.TotalSeconds</c> (<see cref="TotalProperty"/>, <see cref="CastProperty"/>).</summary>
    public const string FixComponent = "Component";

    /// <summary>Replaces <c>TimeSpan.FromSeconds(x.Seconds)</c> with <c>x</c>.</summary>
    public const string FixFactory = "Factory";

    /// <summary>Raises a low eager-refresh threshold to the recommended 0.8.</summary>
    public const string FixThreshold = "Threshold";

    public const string ValueProperty = "Value";
    public const string TotalProperty = "Total";
    public const string CastProperty = "Cast";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE007);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        context.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols), OperationKind.Invocation);
        context.RegisterOperationBlockAction(ctx => AnalyzeBlocks(ctx, symbols));
        context.RegisterOperationAction(AnalyzeComponent, OperationKind.PropertyReference);
    }

    // ------------------------------------------------------------------ single-value checks

    private static void AnalyzeAssignment(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation property || !IsCandidateName(property.Property.Name))
        {
            return;
        }

        if (DurationFacts.FromAssignment(assignment, symbols) is { } setting)
        {
            CheckSingle(context, setting);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CacheSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var name = invocation.TargetMethod.Name;
        if (name == "Set" && invocation.GetArgument("absoluteExpirationRelativeToNow") is { } ttl &&
            SymbolEqualityComparer.Default.Equals((invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType, symbols.MemoryCacheExtensions))
        {
            // IMemoryCache.Set(key, value, TimeSpan) forwards to AbsoluteExpirationRelativeToNow.
            CheckSingle(context, new DurationAssignment(DurationFamily.MemoryLike, DurationSetting.Relative, ttl.Value, invocation, false));
            return;
        }

        if (!name.StartsWith("Set", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var setting in DurationFacts.FromCall(invocation, symbols))
        {
            CheckSingle(context, setting);
        }
    }

    private static bool IsCandidateName(string name) =>
        name is "AbsoluteExpirationRelativeToNow" or "SlidingExpiration" or "AbsoluteExpiration" or "EagerRefreshThreshold";

    private static void CheckSingle(OperationAnalysisContext context, DurationAssignment setting)
    {
        if (setting.IsNull)
        {
            return;
        }

        switch (setting.Setting)
        {
            case DurationSetting.Relative when setting.Family == DurationFamily.MemoryLike && setting.ConstantTimeSpan is { } ttl && ttl <= TimeSpan.Zero:
                Report(context, setting.Value, DiagnosticSeverity.Warning, null,
                    $"The relative expiration {Show(ttl)} is not positive: setting it throws ArgumentOutOfRangeException");
                break;
            case DurationSetting.Sliding when setting.Family == DurationFamily.MemoryLike && setting.ConstantTimeSpan is { } sliding && sliding <= TimeSpan.Zero:
                Report(context, setting.Value, DiagnosticSeverity.Warning, null,
                    $"The sliding expiration {Show(sliding)} is not positive: setting it throws ArgumentOutOfRangeException");
                break;
            case DurationSetting.Sliding when setting.Family == DurationFamily.RuntimePolicy && setting.ConstantTimeSpan is { } policySliding &&
                                              (policySliding < TimeSpan.Zero || policySliding > TimeSpan.FromDays(365)):
                Report(context, setting.Value, DiagnosticSeverity.Warning, null,
                    $"The sliding expiration {Show(policySliding)} is outside 0 to 365 days: adding the item throws ArgumentOutOfRangeException");
                break;
            case DurationSetting.Absolute when DurationFacts.TryGetConstantPointInTime(setting.Value, out var when) &&
                                               when < DateTimeOffset.UtcNow.AddDays(-1):
                Report(context, setting.Value, DiagnosticSeverity.Warning, null,
                    "The absolute expiration " + (when == DateTimeOffset.MinValue ? "MinValue" : when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) +
                    " is in the past: the entry expires immediately (IDistributedCache providers throw)");
                break;
            case DurationSetting.FusionEagerRefreshThreshold when setting.ConstantNumber is { } threshold:
                if (threshold <= 0 || threshold >= 1)
                {
                    Report(context, RemovalTarget(setting), DiagnosticSeverity.Warning, Props(FixRemove),
                        $"EagerRefreshThreshold {Show(threshold)} is outside (0, 1): FusionCache silently ignores it and eager refresh stays disabled");
                }
                else if (threshold < 0.5)
                {
                    Report(context, setting.Value, DiagnosticSeverity.Info, Props(FixThreshold),
                        $"EagerRefreshThreshold {Show(threshold)} is below 0.5: entries refresh for most of their life, a near-constant load on the data source (0.8 or more is recommended)");
                }

                break;
        }
    }

    // ------------------------------------------------------------------ pair checks on one options object

    private static readonly string[] DurationWords = { "Expiration", "Duration", "EagerRefresh", "Timeout", "Jitter", "FailSafe" };

    /// <summary>
    /// Pair checks run per operation block (not per creation) so that every diagnostic — a later
    /// <c>options.X = …</c> statement or a fluent call around the creation — stays local to the analyzed block.
    /// </summary>
    private static void AnalyzeBlocks(OperationBlockAnalysisContext context, CacheSymbols symbols)
    {
        // A pair needs two duration settings, and every setting's name contains one of these words: a file without any has
        // no pair to check (one cached text scan per file instead of a walk of every method body).
        if (context.OperationBlocks.IsEmpty ||
            !TreeText.MentionsAny(context.OperationBlocks[0].Syntax.SyntaxTree, context.CancellationToken, DurationWords))
        {
            return;
        }

        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.Descendants())
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation when DurationFacts.GetFamily(creation.Type, symbols) is { } family:
                        CheckPairs(context.ReportDiagnostic, family, DurationFacts.Collect(creation, symbols));
                        break;
                    case IAnonymousFunctionOperation lambda when lambda.Symbol.Parameters.Length > 0 &&
                                                                 symbols.Has(lambda.Symbol.Parameters[0].Type, CacheTypeRoles.CacheEntry):
                    {
                        var settings = new List<DurationAssignment>();
                        DurationFacts.CollectMutations(lambda.Symbol.Parameters[0], lambda.Body, symbols, settings);
                        CheckPairs(context.ReportDiagnostic, DurationFamily.MemoryLike, settings);
                        break;
                    }

                    case IVariableDeclaratorOperation declarator when symbols.CacheEntry is not null &&
                                                                      symbols.Has(declarator.Symbol.Type, CacheTypeRoles.CacheEntry):
                    {
                        var settings = new List<DurationAssignment>();
                        DurationFacts.CollectMutations(declarator.Symbol, block, symbols, settings);
                        CheckPairs(context.ReportDiagnostic, DurationFamily.MemoryLike, settings);
                        break;
                    }
                }
            }
        }
    }

    private static void CheckPairs(Action<Diagnostic> context, DurationFamily family, List<DurationAssignment> settings)
    {
        if (settings.Count < 2)
        {
            return;
        }

        switch (family)
        {
            case DurationFamily.MemoryLike:
            {
                if (Constant(settings, DurationSetting.Relative) is { } relative && Constant(settings, DurationSetting.Sliding) is { } sliding &&
                    relative.Value > TimeSpan.Zero && sliding.Value > TimeSpan.Zero && sliding.Value >= relative.Value)
                {
                    Report(context, RemovalTarget(sliding.Setting), DiagnosticSeverity.Warning, Props(FixRemove),
                        $"The sliding expiration {Show(sliding.Value)} is not shorter than the relative expiration {Show(relative.Value)}: the entry always expires by the absolute cap first, so sliding does nothing");
                }

                break;
            }

            case DurationFamily.RuntimePolicy:
            {
                if (DurationFacts.Single(settings, DurationSetting.Sliding) is { } sliding && !sliding.IsNull &&
                    sliding.ConstantTimeSpan is { } window && window > TimeSpan.Zero &&
                    DurationFacts.Single(settings, DurationSetting.Absolute) is { } absolute && IsFiniteAbsolute(absolute.Value))
                {
                    Report(context, sliding.Value, DiagnosticSeverity.Warning, null,
                        "CacheItemPolicy sets both AbsoluteExpiration and SlidingExpiration: MemoryCache.Add/Set throws ArgumentException for this combination");
                }

                break;
            }

            case DurationFamily.Hybrid:
            {
                if (Constant(settings, DurationSetting.HybridLocalExpiration) is { } local && Constant(settings, DurationSetting.HybridExpiration) is { } expiration &&
                    local.Value > expiration.Value)
                {
                    Report(context, RemovalTarget(local.Setting), DiagnosticSeverity.Info, Props(FixRemove),
                        $"LocalCacheExpiration {Show(local.Value)} outlives Expiration {Show(expiration.Value)}: the in-process copy stays after the distributed entry has expired (L1 inherits Expiration when unset)");
                }

                break;
            }

            case DurationFamily.Fusion:
            {
                if (Constant(settings, DurationSetting.FusionFailSafeMaxDuration) is { } failSafe && Constant(settings, DurationSetting.FusionDuration) is { } duration &&
                    failSafe.Value < duration.Value && failSafe.Value >= TimeSpan.Zero)
                {
                    var properties = Props(FixReplace);
                    properties[ValueProperty] = TtlSyntax.ToPropertyText(duration.Value);
                    Report(context, failSafe.Setting.Value, DiagnosticSeverity.Warning, properties,
                        $"FailSafeMaxDuration {Show(failSafe.Value)} is shorter than Duration {Show(duration.Value)}: FusionCache normalizes it to Duration and logs a warning");
                }

                if (Constant(settings, DurationSetting.FusionSoftTimeout) is { } soft && Constant(settings, DurationSetting.FusionHardTimeout) is { } hard &&
                    soft.Value > TimeSpan.Zero && hard.Value > TimeSpan.Zero && soft.Value >= hard.Value)
                {
                    var message = $"FactorySoftTimeout {Show(soft.Value)} is not shorter than FactoryHardTimeout {Show(hard.Value)}: the hard timeout always fires first, so the soft timeout never applies";
                    if (soft.Value > hard.Value)
                    {
                        Report(context, soft.Setting.Value, DiagnosticSeverity.Warning, Props(FixSwap), message, hard.Setting.Value.Syntax.GetLocation());
                    }
                    else
                    {
                        Report(context, soft.Setting.SiteSetsOnlyThis ? RemovalTarget(soft.Setting) : soft.Setting.Value, DiagnosticSeverity.Warning,
                            soft.Setting.SiteSetsOnlyThis ? Props(FixRemove) : null, message);
                    }
                }

                break;
            }
        }
    }

    private static (DurationAssignment Setting, TimeSpan Value)? Constant(List<DurationAssignment> settings, DurationSetting kind)
    {
        var setting = DurationFacts.Single(settings, kind);
        if (setting is null || setting.IsNull || setting.ConstantTimeSpan is not { } value)
        {
            return null;
        }

        return (setting, value);
    }

    private static bool IsFiniteAbsolute(IOperation value)
    {
        var op = value.WalkDownConversions();
        if (op is IFieldReferenceOperation { Field.Name: "InfiniteAbsoluteExpiration" or "MaxValue" })
        {
            return false;
        }

        if (DurationFacts.TryGetConstantPointInTime(op, out _))
        {
            return true;
        }

        // DateTimeOffset.UtcNow.AddMinutes(5) / DateTime.Now.Add(ttl): a finite point computed from the clock.
        for (var i = 0; i < 8 && op is IInvocationOperation { Instance: { } instance } call &&
                        call.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal); i++)
        {
            op = instance.WalkDownConversions();
        }

        return op is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Now" or "UtcNow" } };
    }

    // ------------------------------------------------------------------ TimeSpan component used as a total

    private static void AnalyzeComponent(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var name = reference.Property.Name;
        if (DurationSinks.GetTotalFor(name) is not { } total || reference.Instance is null || !ConstantFolding.IsTimeSpan(reference.Property.ContainingType))
        {
            return;
        }

        // Provably harmless: a constant TimeSpan whose component equals its truncated total (FromMinutes(30).Minutes).
        if (ConstantFolding.TryGetTimeSpan(reference.Instance, out var folded) && IsComponentEqualToTotal(folded, name))
        {
            return;
        }

        var consumer = DurationSinks.WalkToConsumer(reference, out var factory);
        var isSink = DurationSinks.IsDurationConsumer(consumer);
        if (!isSink && DurationSinks.GetStoredLocal(consumer) is { } local && ValueTracer.GetSingleAssignment(local, reference) is not null)
        {
            foreach (var use in ValueTracer.FindReferences(local, reference.GetRoot()))
            {
                if (DurationSinks.IsDurationConsumer(DurationSinks.WalkToConsumer(use, out _)))
                {
                    isSink = true;
                    break;
                }
            }
        }

        if (!isSink)
        {
            return;
        }

        var receiver = reference.Instance.Syntax.ToString();
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        string hint;
        if (factory is not null && factory.TargetMethod.Name == DurationSinks.GetFactoryFor(name) && CountExplicit(factory) == 1 &&
            reference.Parent is IConversionOperation or IArgumentOperation && IsDirectArgument(reference, factory))
        {
            properties[FixProperty] = FixFactory;
            hint = $"; pass '{receiver}' itself instead of TimeSpan.{factory.TargetMethod.Name}({receiver}.{name})";
        }
        else if (factory is null)
        {
            properties[FixProperty] = FixComponent;
            properties[TotalProperty] = total;
            properties[CastProperty] = GetCast(reference);
            hint = $"; use '{total}'";
        }
        else
        {
            hint = $"; use '{total}' with the matching unit";
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE007,
            reference.Syntax.GetLocation(),
            properties.ToImmutable(),
            $"'{receiver}.{name}' is the {name.ToLowerInvariant()} component of the TimeSpan (wraps around), not its total, and is used as a cache duration{hint}"));
    }

    private static int CountExplicit(IInvocationOperation invocation)
    {
        var count = 0;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.IsExplicit())
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsDirectArgument(IOperation reference, IInvocationOperation factory)
    {
        var current = reference;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IArgumentOperation argument && argument.Parent == factory;
    }

    private static string GetCast(IPropertyReferenceOperation reference)
    {
        var current = (IOperation)reference;
        while (current.Parent is IParenthesizedOperation)
        {
            current = current.Parent;
        }

        // TotalX is a double: keep the integer type the component was used as.
        var target = current.Parent is IConversionOperation conversion ? conversion.Type : reference.Type;
        if (target is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            target = nullable.TypeArguments[0];
        }

        return target?.SpecialType switch
        {
            SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal => string.Empty,
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt64 => "ulong",
            _ => "int",
        };
    }

    private static bool IsComponentEqualToTotal(TimeSpan value, string component) => component switch
    {
        "Milliseconds" => value.Milliseconds == (long)value.TotalMilliseconds,
        "Seconds" => value.Seconds == (long)value.TotalSeconds,
        "Minutes" => value.Minutes == (long)value.TotalMinutes,
        "Hours" => value.Hours == (long)value.TotalHours,
        _ => false,
    };

    // ------------------------------------------------------------------ helpers

    private static IOperation RemovalTarget(DurationAssignment setting) => setting.SiteSetsOnlyThis ? setting.Site : setting.Value;

    private static ImmutableDictionary<string, string?>.Builder Props(string fix)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder[FixProperty] = fix;
        return builder;
    }

    private static void Report(
        OperationAnalysisContext context,
        IOperation target,
        DiagnosticSeverity severity,
        ImmutableDictionary<string, string?>.Builder? properties,
        string message,
        Location? additional = null) =>
        Report(context.ReportDiagnostic, target, severity, properties, message, additional);

    private static void Report(
        Action<Diagnostic> report,
        IOperation target,
        DiagnosticSeverity severity,
        ImmutableDictionary<string, string?>.Builder? properties,
        string message,
        Location? additional = null)
    {
        report(Diagnostic.Create(
            Descriptors.CACHE007,
            GetLocation(target),
            severity,
            additional is null ? null : new[] { additional },
            properties?.ToImmutable(),
            message));
    }

    /// <summary>The squiggle: a fluent call from its name to its end (<c>.[|SetSlidingExpiration(x)|]</c>), else the whole node.</summary>
    private static Location GetLocation(IOperation target)
    {
        if (target is IInvocationOperation { Type: var type } && type is not null && type.SpecialType == SpecialType.None && !ConstantFolding.IsTimeSpan(type) &&
            target.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
            {
                Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member,
            } invocation)
        {
            return Location.Create(invocation.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, invocation.Span.End));
        }

        return target.Syntax.GetLocation();
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Show(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
