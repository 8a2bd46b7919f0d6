using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Configuration;

/// <summary>
/// CACHE072 — a <c>System.Runtime.Caching.MemoryCache</c> created (<c>new MemoryCache(name, config[, ignoreConfigSection])</c> or a
/// derived type's <c>: base(name, config)</c>) with a <c>NameValueCollection</c> whose <c>cacheMemoryLimitMegabytes</c> is a non-zero
/// limit, in a project targeting .NET Core/.NET 5+ (<see cref="TargetRuntime"/>), where that limit is not enforced.
/// The collection is traced: a <c>new NameValueCollection { … }</c> argument (collection or indexer initializers), a local (its last
/// assignment before the constructor, then <c>Add</c>/<c>Set</c>/indexer writes before the constructor) or a <c>static readonly</c>
/// field initializer. <c>physicalMemoryLimitPercentage</c> and <c>pollingInterval</c> alone are not reported: .NET Core's
/// physical-memory monitor honours them (system-wide memory pressure, not a bound on this cache).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IgnoredRuntimeCachingMemoryLimitAnalyzer : CacheAnalyzer
{
    internal const string CacheMemoryLimitKey = "cacheMemoryLimitMegabytes";
    internal const string PhysicalMemoryLimitKey = "physicalMemoryLimitPercentage";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE072);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.ObjectCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var memoryCache = context.Compilation.GetTypeByMetadataName("System.Runtime.Caching.MemoryCache");
        var collection = context.Compilation.GetTypeByMetadataName("System.Collections.Specialized.NameValueCollection");
        if (memoryCache is null || collection is null ||
            TargetRuntime.Get(context.Compilation, context.Options) != TargetRuntimeKind.NetCore)
        {
            return;
        }

        context.RegisterOperationAction(
            ctx =>
            {
                var creation = (IObjectCreationOperation)ctx.Operation;
                if (SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, memoryCache))
                {
                    Analyze(ctx, creation.Constructor, creation.Arguments, creation, collection);
                }
            },
            OperationKind.ObjectCreation);

        // class AppCache : MemoryCache { public AppCache() : base("app", Config) { } }
        context.RegisterOperationAction(
            ctx =>
            {
                var invocation = (IInvocationOperation)ctx.Operation;
                if (invocation.TargetMethod.MethodKind == MethodKind.Constructor &&
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, memoryCache))
                {
                    Analyze(ctx, invocation.TargetMethod, invocation.Arguments, invocation, collection);
                }
            },
            OperationKind.Invocation);
    }

    private static void Analyze(
        OperationAnalysisContext context,
        IMethodSymbol? constructor,
        ImmutableArray<IArgumentOperation> arguments,
        IOperation creation,
        INamedTypeSymbol collection)
    {
        if (constructor is null)
        {
            return;
        }

        IArgumentOperation? config = null;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "config" } parameter &&
                SymbolEqualityComparer.Default.Equals(parameter.Type, collection))
            {
                config = argument;
            }
        }

        if (config is null || !config.IsExplicit())
        {
            return;
        }

        var settings = NameValueSettings.Collect(config.Value, creation.Syntax.SpanStart, collection, context.CancellationToken);
        if (settings is null || !settings.TryGetValue(CacheMemoryLimitKey, out var limit) || !IsLimit(limit))
        {
            return;
        }

        var shown = limit.ConstantValue is { HasValue: true, Value: string text } ? $" = \"{text.Trim()}\"" : string.Empty;
        var physical = settings.ContainsKey(PhysicalMemoryLimitKey)
            ? " (physicalMemoryLimitPercentage still applies, but it reacts to system-wide memory use, not to this cache's size)"
            : string.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE072,
            creation.Syntax.GetLocation(),
            $"{CacheMemoryLimitKey}{shown} is not enforced by System.Runtime.Caching.MemoryCache on .NET Core and .NET 5+, so this cache has no memory bound{physical}; use Microsoft.Extensions.Caching.Memory.MemoryCache with SizeLimit and sized entries, or bound the entries by count and expiration"));
    }

    /// <summary>A value that asks for a limit: a positive number, or a value computed at run time. <c>"0"</c> (and null) mean "default".</summary>
    private static bool IsLimit(IOperation value)
    {
        var constant = value.WalkDownConversions().ConstantValue;
        if (!constant.HasValue)
        {
            return true;
        }

        return constant.Value is string text &&
               long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var megabytes) &&
               megabytes > 0;
    }
}

/// <summary>
/// The string settings written into a <c>NameValueCollection</c> before a given position, keyed case-insensitively (the
/// collection's default comparer): initializer elements (<c>{ "k", "v" }</c>, <c>["k"] = "v"</c>) and, for a local, the
/// <c>Add</c>/<c>Set</c>/indexer writes on it before that position. Null when the collection cannot be traced.
/// </summary>
internal static class NameValueSettings
{
    public static Dictionary<string, IOperation>? Collect(IOperation value, int position, INamedTypeSymbol collection, System.Threading.CancellationToken cancellationToken)
    {
        var op = value.WalkDownConversions();
        var result = new Dictionary<string, IOperation>(StringComparer.OrdinalIgnoreCase);
        switch (op)
        {
            case IObjectCreationOperation creation:
                return AddInitializer(creation, collection, result) ? result : null;

            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                return ValueTracer.GetFieldInitializer(field, op.SemanticModel)?.WalkDownConversions() is IObjectCreationOperation initializer &&
                       AddInitializer(initializer, collection, result)
                    ? result
                    : null;

            case ILocalReferenceOperation local:
                return CollectLocal(local.Local, op, position, collection, result, cancellationToken) ? result : null;

            default:
                return null;
        }
    }

    private static bool CollectLocal(
        ILocalSymbol local,
        IOperation reference,
        int position,
        INamedTypeSymbol collection,
        Dictionary<string, IOperation> result,
        System.Threading.CancellationToken cancellationToken)
    {
        // The last assignment of the local before the constructor decides which collection it holds.
        IOperation? assigned = null;
        var assignedAt = -1;
        var writes = new List<IOperation>();
        foreach (var descendant in reference.GetRoot().Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = descendant.Syntax.SpanStart;
            if (at >= position)
            {
                continue;
            }

            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (init is not null && at > assignedAt)
                    {
                        assigned = init;
                        assignedAt = at;
                    }

                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target.IsReferenceTo(local):
                    if (at > assignedAt)
                    {
                        assigned = assignment.Value;
                        assignedAt = at;
                    }

                    break;
                case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref && argument.Value.IsReferenceTo(local):
                    return false;
                case IInvocationOperation { TargetMethod.Name: "Add" or "Set" } invocation when invocation.Instance.IsReferenceTo(local):
                    writes.Add(invocation);
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } when indexer.Instance.IsReferenceTo(local):
                    writes.Add(descendant);
                    break;
            }
        }

        if (assigned?.WalkDownConversions() is not IObjectCreationOperation creation || !AddInitializer(creation, collection, result))
        {
            return false;
        }

        foreach (var write in writes)
        {
            if (write.Syntax.SpanStart > assignedAt)
            {
                AddWrite(write, result);
            }
        }

        return true;
    }

    private static bool AddInitializer(IObjectCreationOperation creation, INamedTypeSymbol collection, Dictionary<string, IOperation> result)
    {
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, collection))
        {
            return false;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var element in initializer.Initializers)
            {
                AddWrite(element, result);
            }
        }

        return true;
    }

    private static void AddWrite(IOperation write, Dictionary<string, IOperation> result)
    {
        switch (write)
        {
            // { "key", "value" }, config.Add("key", "value"), config.Set("key", "value")
            case IInvocationOperation { TargetMethod.Name: "Add" or "Set", Arguments.Length: 2 } invocation
                when invocation.GetArgument("name") is { } name && invocation.GetArgument("value") is { } value:
                Put(name.Value, value.Value, result);
                break;

            // ["key"] = "value", config["key"] = "value"
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer } assignment:
                Put(indexer.Arguments[0].Value, assignment.Value, result);
                break;
        }
    }

    private static void Put(IOperation key, IOperation value, Dictionary<string, IOperation> result)
    {
        if (key.WalkDownConversions().ConstantValue is { HasValue: true, Value: string name } && name.Length > 0)
        {
            result[name] = value;
        }
    }
}
