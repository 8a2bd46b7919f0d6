using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Configuration;

/// <summary>
/// CACHE073 (a), live — <c>GetCurrentStatistics()</c> on a <c>MemoryCache</c> created where it is visible
/// (<c>new MemoryCache(options)</c> in a local, a readonly field or an auto-property initializer) whose options do not set
/// <c>TrackStatistics = true</c>: the call always returns null. The shared DI <c>IMemoryCache</c> and the "no telemetry at all"
/// check (b) need the whole compilation: <see cref="CacheTelemetryAnalyzer"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheStatisticsNotTrackedAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which shape the fix must edit.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Add <c>TrackStatistics = true</c> to the <c>new MemoryCacheOptions…</c> creation (first additional location).</summary>
    public const string ShapeAddInitializer = "AddInitializer";

    /// <summary>Replace the constant <c>false</c> written to <c>TrackStatistics</c> (first additional location) with <c>true</c>.</summary>
    public const string ShapeReplaceValue = "ReplaceValue";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE073);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.MemoryCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        context.RegisterOperationAction(ctx =>
        {
            var invocation = (IInvocationOperation)ctx.Operation;
            if (!IsStatisticsRead(invocation) ||
                MemoryCacheConfiguration.ResolveCacheCreation(invocation.Instance, 0) is not { } creation)
            {
                return;
            }

            var options = MemoryCacheConfiguration.OptionsOfCreation(creation);
            if (options.HasUnknownSource || options.BoundSection is not null ||
                (options.TrackStatistics is not null && options.TrackStatisticsValue != false))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            Location[]? additional = null;
            var tree = invocation.Syntax.SyntaxTree;
            if (options.TrackStatistics is { } value)
            {
                if (value.WalkDownConversions() is ILiteralOperation literal && literal.Syntax.SyntaxTree == tree)
                {
                    properties = properties.Add(ShapeProperty, ShapeReplaceValue);
                    additional = new[] { literal.Syntax.GetLocation() };
                }
            }
            else if (options.Creation is { } optionsCreation && optionsCreation.Syntax.SyntaxTree == tree)
            {
                properties = properties.Add(ShapeProperty, ShapeAddInitializer);
                additional = new[] { optionsCreation.Syntax.GetLocation() };
            }

            var how = options.TrackStatistics is null ? "without TrackStatistics = true" : "with TrackStatistics = false";
            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE073,
                CodeContext.GetNameLocation(invocation),
                additional,
                properties,
                $"'GetCurrentStatistics' always returns null here: this MemoryCache is created {how}; set TrackStatistics = true on its MemoryCacheOptions"));
        }, OperationKind.Invocation);

    /// <summary><c>MemoryCache.GetCurrentStatistics()</c> / <c>IMemoryCache.GetCurrentStatistics()</c> (Microsoft.Extensions.Caching.Memory).</summary>
    internal static bool IsStatisticsRead(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "GetCurrentStatistics" && invocation.Instance is not null &&
        invocation.TargetMethod.ContainingType is { } type &&
        (MemoryCacheConfiguration.IsMemoryCacheClass(type) || MemoryCacheConfiguration.IsMemoryCacheInterface(type));
}

/// <summary>
/// CACHE073, whole-compilation part. (a) <c>GetCurrentStatistics()</c> read from the shared DI <c>IMemoryCache</c> while the
/// registrations of this project (<c>AddMemoryCache</c>, <c>Configure&lt;MemoryCacheOptions&gt;</c>, a replaced <c>IMemoryCache</c>)
/// are all visible and none sets <c>TrackStatistics = true</c> (Warning). (b) An application (an executable, not a test project)
/// that registers caches but has no observability hook anywhere (Info).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CacheTelemetryAnalyzer : CacheAnalyzer
{
    private static readonly HashSet<string> CacheRegistrationNames = new(StringComparer.Ordinal)
    {
        "AddMemoryCache", "AddStackExchangeRedisCache", "AddHybridCache", "AddFusionCache",
    };

    private static readonly HashSet<string> HookInvocationNames = new(StringComparer.Ordinal)
    {
        "AddRedisInstrumentation", "AddFusionCacheInstrumentation", "RegisterProfiler", "ConfigureRedisInstrumentation",
    };

    private static readonly HashSet<string> MultiplexerEvents = new(StringComparer.Ordinal)
    {
        "ConnectionFailed", "ConnectionRestored", "ErrorMessage", "InternalError",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE073Compilation);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var collector = new MemoryCacheRegistrationCollector();
        collector.Register(context);
        var state = new State();
        var isApplication = context.Compilation.Options.OutputKind is not (OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule) && !symbols.IsTestProject;
        if (HasTelemetryPackage(context.Compilation))
        {
            state.HasHook = true;
        }

        context.RegisterOperationAction(ctx =>
        {
            var invocation = (IInvocationOperation)ctx.Operation;
            var name = invocation.TargetMethod.Name;
            if (CacheStatisticsNotTrackedAnalyzer.IsStatisticsRead(invocation))
            {
                if (MemoryCacheConfiguration.ResolveCacheCreation(invocation.Instance, 0) is null &&
                    MemoryCacheConfiguration.IsSharedDiCache(invocation.Instance, ctx.ContainingSymbol))
                {
                    state.Add(state.SharedReads, invocation);
                }
            }
            else if (HookInvocationNames.Contains(name))
            {
                state.HasHook = true;
            }
            else if (isApplication && IsCacheRegistration(invocation, name))
            {
                state.Add(state.Registrations, invocation);
            }
        }, OperationKind.Invocation);

        context.RegisterOperationAction(ctx =>
        {
            if (ctx.Operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment &&
                IsHookProperty(property) && assignment.Value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: false or null })
            {
                state.HasHook = true;
            }
        }, OperationKind.SimpleAssignment);

        context.RegisterOperationAction(ctx =>
        {
            if (ctx.Operation is IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation { Event: { } ev } } &&
                MultiplexerEvents.Contains(ev.Name) && ev.ContainingType?.Name is "IConnectionMultiplexer" or "ConnectionMultiplexer")
            {
                state.HasHook = true;
            }
        }, OperationKind.EventAssignment);

        context.RegisterCompilationEndAction(end =>
        {
            var reads = state.Snapshot(state.SharedReads);
            if (reads.Count > 0 && SharedStatisticsNotTracked(collector.Build()) is { } why)
            {
                foreach (var read in reads)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CACHE073Compilation,
                        CodeContext.GetNameLocation(read),
                        $"'GetCurrentStatistics' on the shared IMemoryCache always returns null: {why}; set TrackStatistics = true in AddMemoryCache(o => …) or Configure<MemoryCacheOptions>"));
                }
            }

            var registrations = state.Snapshot(state.Registrations);
            if (!isApplication || registrations.Count == 0 || state.HasHook)
            {
                return;
            }

            registrations.Sort((a, b) =>
            {
                var byPath = string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath);
                return byPath != 0 ? byPath : a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart);
            });
            var names = string.Join(", ", registrations.Select(r => r.TargetMethod.Name).Distinct(StringComparer.Ordinal).Select(n => "'" + n + "'"));
            end.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE073Compilation,
                CodeContext.GetNameLocation(registrations[0]),
                DiagnosticSeverity.Info,
                additionalLocations: null,
                properties: null,
                $"Caches are registered ({names}) but the application has no cache telemetry: no TrackStatistics, Redis profiling, ConnectionFailed/ConnectionRestored handlers or OpenTelemetry cache instrumentation; hit ratios and outages stay invisible"));
        });
    }

    /// <summary>Why the shared cache does not track statistics, or null when it may (or the registrations are not all visible).</summary>
    private static string? SharedStatisticsNotTracked(List<MemoryCacheRegistration> registrations)
    {
        var provided = false;
        foreach (var registration in registrations)
        {
            var options = registration.Options;
            if (options.HasUnknownSource || options.BoundSection is not null ||
                (options.TrackStatistics is not null && options.TrackStatisticsValue != false))
            {
                return null;
            }

            provided |= registration.ProvidesCache;
        }

        // Without a registration in this project the cache is registered elsewhere (a host we cannot see).
        return provided ? "no AddMemoryCache or Configure<MemoryCacheOptions> in this project sets TrackStatistics = true" : null;
    }

    private static bool IsCacheRegistration(IInvocationOperation invocation, string name)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (CacheRegistrationNames.Contains(name))
        {
            return method.IsExtensionMethod && method.Parameters.Length > 0 && method.Parameters[0].Type.Name == "IServiceCollection";
        }

        return name is "Connect" or "ConnectAsync" && method.ContainingType?.Name == "ConnectionMultiplexer" &&
               SymbolNames.IsInNamespace(method.ContainingType.ContainingNamespace, "StackExchange.Redis");
    }

    private static bool IsHookProperty(IPropertySymbol property) => property.Name switch
    {
        "TrackStatistics" => MemoryCacheConfiguration.IsMemoryCacheOptions(property.ContainingType),
        "ProfilingSession" => property.ContainingType?.Name == "RedisCacheOptions",
        "ReportTagMetrics" => property.ContainingType?.Name == "HybridCacheOptions",
        _ => false,
    };

    private static bool HasTelemetryPackage(Compilation compilation)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (assembly.Name.StartsWith("OpenTelemetry.Instrumentation.StackExchangeRedis", StringComparison.OrdinalIgnoreCase) ||
                assembly.Name.StartsWith("ZiggyCreatures.FusionCache.OpenTelemetry", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class State
    {
        private readonly object _gate = new();
        private volatile bool _hasHook;

        public List<IInvocationOperation> SharedReads { get; } = new();

        public List<IInvocationOperation> Registrations { get; } = new();

        public bool HasHook
        {
            get => _hasHook;
            set => _hasHook = value;
        }

        public void Add(List<IInvocationOperation> list, IInvocationOperation invocation)
        {
            lock (_gate)
            {
                list.Add(invocation);
            }
        }

        public List<IInvocationOperation> Snapshot(List<IInvocationOperation> list)
        {
            lock (_gate)
            {
                return new List<IInvocationOperation>(list);
            }
        }
    }
}
