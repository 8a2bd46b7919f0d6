using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Configuration;

/// <summary>
/// CACHE075 — an unbounded StackExchange.Redis client-side cache: <c>ClientCache = new CacheOptions { … }</c> (on
/// <c>ConfigurationOptions</c>, in an object initializer or an assignment, directly or through a local) that sets neither
/// <c>MaxBytes</c> nor <c>MaxEntries</c>, or sets <c>TrackingMode = Broadcast</c> without <c>Prefixes</c>.
/// <para>
/// <b>Dormant on every released StackExchange.Redis (3.4.35 included):</b> <c>ConfigurationOptions.ClientCache</c> is looked up at
/// compilation start and nothing is registered when it is absent. The option type and its members are resolved from the
/// property's type by name, so a shape that differs from the catalog's (no <c>MaxBytes</c>/<c>MaxEntries</c>, no <c>Broadcast</c>)
/// switches the corresponding check off instead of guessing.
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedRedisClientCacheAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: which finding (<see cref="KindUnbounded"/> or <see cref="KindBroadcast"/>).</summary>
    public const string KindProperty = "Kind";
    public const string KindUnbounded = "Unbounded";
    public const string KindBroadcast = "Broadcast";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE075);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.RedisDatabase is not null || symbols.ConnectionMultiplexer is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        if (ClientCacheShape.Resolve(context.Compilation) is not { } shape)
        {
            return; // ConfigurationOptions.ClientCache is not in this StackExchange.Redis: the rule stays dormant.
        }

        context.RegisterOperationAction(ctx => Analyze(ctx, shape), OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, ClientCacheShape shape)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, shape.OptionsType) || !IsAssignedToClientCache(creation, shape, out var local))
        {
            return;
        }

        var set = new HashSet<string>();
        object? trackingMode = null;
        var trackingModeKnown = true;
        if (creation.Initializer is { } initializer)
        {
            foreach (var element in initializer.Initializers)
            {
                Record(element, shape, set, ref trackingMode, ref trackingModeKnown);
            }
        }

        // Later writes (cc.MaxBytes = …, options.ClientCache.MaxBytes = …) in the same body count as set: stay quiet rather than guess.
        foreach (var descendant in creation.GetRoot().Descendants())
        {
            if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment &&
                target.Instance is { } instance && instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } &&
                shape.Declares(target.Property) &&
                (local is null || instance.IsReferenceTo(local) || instance.WalkDownConversions() is IPropertyReferenceOperation))
            {
                Record(assignment, shape, set, ref trackingMode, ref trackingModeKnown);
            }
        }

        var location = creation.Syntax.GetLocation();
        if ((shape.MaxBytes is not null || shape.MaxEntries is not null) && !set.Contains("MaxBytes") && !set.Contains("MaxEntries"))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE075,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindUnbounded),
                "The StackExchange.Redis client-side cache sets neither MaxBytes nor MaxEntries, so it grows without bound in every application instance; give it a memory budget (MaxBytes) or an entry cap (MaxEntries)"));
        }

        if (shape.Prefixes is not null && shape.Broadcast is not null && trackingModeKnown && Equals(trackingMode, shape.Broadcast.ConstantValue) && !set.Contains("Prefixes"))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CACHE075,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindBroadcast),
                "The StackExchange.Redis client-side cache uses TrackingMode = Broadcast without Prefixes, so this connection receives an invalidation for every write to every key of the Redis instance; set Prefixes to this application's key prefixes, or use PerKey tracking"));
        }
    }

    private static void Record(IOperation element, ClientCacheShape shape, HashSet<string> set, ref object? trackingMode, ref bool trackingModeKnown)
    {
        if (element is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment ||
            !shape.Declares(target.Property))
        {
            return;
        }

        var name = target.Property.Name;
        if (name == "TrackingMode")
        {
            var value = assignment.Value.WalkDownConversions().ConstantValue;
            if (value.HasValue && trackingModeKnown && (trackingMode is null || Equals(trackingMode, value.Value)))
            {
                trackingMode = value.Value;
            }
            else
            {
                trackingModeKnown = false;
            }

            return;
        }

        set.Add(name);
    }

    /// <summary>
    /// True when <paramref name="creation"/> is assigned to <c>ClientCache</c> directly, or initializes a local that is assigned to
    /// <c>ClientCache</c> in the same body (<paramref name="local"/> is then that local).
    /// </summary>
    private static bool IsAssignedToClientCache(IObjectCreationOperation creation, ClientCacheShape shape, out ILocalSymbol? local)
    {
        local = null;
        var parent = creation.WalkUpConversions().Parent;

        if (parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } &&
            SymbolEqualityComparer.Default.Equals(target.Property, shape.ClientCache))
        {
            return true;
        }

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var symbol = declarator.Symbol;
            foreach (var descendant in creation.GetRoot().Descendants())
            {
                if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target2 } assignment &&
                    SymbolEqualityComparer.Default.Equals(target2.Property, shape.ClientCache) &&
                    assignment.Value.IsReferenceTo(symbol) &&
                    ValueTracer.GetSingleAssignment(symbol, creation) is not null)
                {
                    local = symbol;
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>
/// The (unreleased) SE.Redis client-side cache API, looked up by member: <c>ConfigurationOptions.ClientCache</c> and, on its type,
/// <c>MaxBytes</c>, <c>MaxEntries</c>, <c>Prefixes</c> and the <c>Broadcast</c> member of <c>TrackingMode</c>'s enum.
/// </summary>
internal sealed class ClientCacheShape
{
    private ClientCacheShape(IPropertySymbol clientCache, INamedTypeSymbol optionsType)
    {
        ClientCache = clientCache;
        OptionsType = optionsType;
        MaxBytes = FindProperty(optionsType, "MaxBytes");
        MaxEntries = FindProperty(optionsType, "MaxEntries");
        Prefixes = FindProperty(optionsType, "Prefixes");
        if (FindProperty(optionsType, "TrackingMode")?.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } mode)
        {
            foreach (var member in mode.GetMembers("Broadcast"))
            {
                if (member is IFieldSymbol { HasConstantValue: true } field)
                {
                    Broadcast = field;
                }
            }
        }
    }

    public IPropertySymbol ClientCache { get; }
    public INamedTypeSymbol OptionsType { get; }
    public IPropertySymbol? MaxBytes { get; }
    public IPropertySymbol? MaxEntries { get; }
    public IPropertySymbol? Prefixes { get; }
    public IFieldSymbol? Broadcast { get; }

    /// <summary>True when <paramref name="property"/> is a member of the option type (or of a base type of it).</summary>
    public bool Declares(IPropertySymbol property) => CacheSymbols.IsOrImplements(OptionsType, property.ContainingType);

    /// <summary>The shape, or null when <c>StackExchange.Redis.ConfigurationOptions.ClientCache</c> does not exist (every release up to 3.4.35).</summary>
    public static ClientCacheShape? Resolve(Compilation compilation)
    {
        var configurationOptions = compilation.GetTypeByMetadataName("StackExchange.Redis.ConfigurationOptions");
        if (configurationOptions is null)
        {
            return null;
        }

        foreach (var member in configurationOptions.GetMembers("ClientCache"))
        {
            if (member is IPropertySymbol { IsStatic: false, Type: INamedTypeSymbol { TypeKind: TypeKind.Class } type } property)
            {
                return new ClientCacheShape(property, type);
            }
        }

        return null;
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IPropertySymbol { IsStatic: false } property)
                {
                    return property;
                }
            }
        }

        return null;
    }
}
