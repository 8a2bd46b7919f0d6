using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Inventory;

/// <summary>
/// Base of the Inventory analyzers (CACHE900–CACHE909): facts for the build report, carried in the SARIF log as the
/// <c>customProperties</c> of Info diagnostics. They register nothing unless <see cref="InventoryMode"/> is on (the command-line
/// build that writes the report), so the IDE never runs them and ordinary builds pay one dictionary lookup per compilation.
/// </summary>
public abstract class InventoryAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (!InventoryMode.IsEnabled(start.Options))
            {
                return;
            }

            var symbols = CacheSymbols.Get(start.Compilation);
            if (IsApplicable(symbols))
            {
                OnCompilationStart(start, symbols);
            }
        });
    }

    /// <summary>True when the compilation has something this inventory lists (by default: a caching library is referenced).</summary>
    internal virtual bool IsApplicable(CacheSymbols symbols) => symbols.HasAnyCachingLibrary;

    internal abstract void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols);
}

/// <summary>The one place where the model's kinds, technologies, durations and keys become the report contract's strings (docs/report-inventory.md).</summary>
internal static class InventorySupport
{
    public const string CachingArchitectNamespace = "CachingArchitect";

    /// <summary>The contract's <c>technology</c> value of a recognized cache operation.</summary>
    public static string Technology(CacheTechnology technology) => technology switch
    {
        CacheTechnology.MemoryCache => "IMemoryCache",
        CacheTechnology.DistributedCache => "IDistributedCache",
        CacheTechnology.Redis => "StackExchange.Redis",
        CacheTechnology.Memcached => "Memcached",
        CacheTechnology.HybridCache => "HybridCache",
        CacheTechnology.FusionCache => "FusionCache",
        CacheTechnology.RuntimeCaching => "System.Runtime.Caching",
        CacheTechnology.OutputCache => "OutputCache",
        _ => technology.ToString(),
    };

    /// <summary>The contract's <c>kind</c> value.</summary>
    public static string Kind(CacheOperationKind kind) => kind switch
    {
        CacheOperationKind.Read => "read",
        CacheOperationKind.ReadThrough => "readThrough",
        CacheOperationKind.Write => "write",
        CacheOperationKind.Invalidate => "invalidate",
        _ => "admin",
    };

    /// <summary>A word for messages.</summary>
    public static string KindWord(CacheOperationKind kind) => kind switch
    {
        CacheOperationKind.Read => "read",
        CacheOperationKind.ReadThrough => "read-through",
        CacheOperationKind.Write => "write",
        CacheOperationKind.Invalidate => "invalidation",
        _ => "admin command",
    };

    /// <summary>A duration in TimeSpan <c>c</c> format; empty when unknown.</summary>
    public static string Duration(TimeSpan? duration) => duration is { } value ? TtlSyntax.ToPropertyText(value) : string.Empty;

    /// <summary>Parses an attribute duration (<c>00:15:00</c>) and renders it in <c>c</c> format; the text as written when it does not parse.</summary>
    public static string Duration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? TtlSyntax.ToPropertyText(value) : text!.Trim();
    }

    /// <summary>The key family of a decomposed key: constant text as is, each dynamic part as <c>{name}</c> (the variable, parameter or member it reads) or <c>{*}</c>.</summary>
    public static string Family(KeyTemplate template)
    {
        if (template.Segments.IsDefaultOrEmpty)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var segment in template.Segments)
        {
            if (segment.IsConstant)
            {
                builder.Append(segment.Text);
            }
            else
            {
                builder.Append('{').Append(PartName(segment.Operation) ?? "*").Append('}');
            }
        }

        return builder.ToString();
    }

    private static string? PartName(IOperation? operation)
    {
        for (var i = 0; i < 4 && operation is not null; i++)
        {
            operation = operation.WalkDownConversions();
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local.Name;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Name;
                case IPropertyReferenceOperation property:
                    return property.Property.Name;
                case IFieldReferenceOperation field:
                    return field.Field.Name;
                case IInvocationOperation { TargetMethod.Name: "ToString" or "ToLowerInvariant" or "ToUpperInvariant" or "Trim" } invocation:
                    operation = invocation.Instance;
                    continue;
                case IInterpolationOperation interpolation:
                    operation = interpolation.Expression;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The family of a key built by a key-schema method (<c>[CacheKey]</c> in a <c>[CacheKeySchema]</c> class, through conversions,
    /// <c>.Value</c> and a single-assignment local): <c>{prefix}:v{version}:{template}</c>; null for any other key.
    /// </summary>
    public static string? SchemaFamily(IOperation? key)
    {
        for (var i = 0; i < 6 && key is not null; i++)
        {
            key = key.WalkDownConversions();
            switch (key)
            {
                case ILocalReferenceOperation local:
                    key = ValueTracer.GetSingleAssignment(local.Local, local);
                    continue;
                case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } instance }:
                    key = instance;
                    continue;
                case IInvocationOperation invocation when SchemaKey.TryRead(invocation.TargetMethod) is { } schemaKey:
                    return schemaKey.Family;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Properties in declaration order (an immutable dictionary; the SARIF writer sorts them anyway).</summary>
    public static ImmutableDictionary<string, string?> Properties(params (string Name, string? Value)[] pairs)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            builder[name] = value ?? string.Empty;
        }

        return builder.ToImmutable();
    }

    /// <summary>The family text for messages: <c>'shop:user:{id}'</c>, or <c>an unknown key</c>.</summary>
    public static string DescribeFamily(string family) => family.Length == 0 ? "an unknown key" : "'" + family + "'";

    /// <summary>Joins the non-empty values with <c>;</c>.</summary>
    public static string Join(IEnumerable<string?> values)
    {
        var builder = new StringBuilder();
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(';');
            }

            builder.Append(value);
        }

        return builder.ToString();
    }
}

/// <summary>One <c>[CachingArchitect.CacheKey]</c> method of a <c>[CachingArchitect.CacheKeySchema]</c> class, read from symbols.</summary>
internal sealed class SchemaKey
{
    public string Schema { get; private set; } = string.Empty;

    public string? Prefix { get; private set; }

    public int Version { get; private set; }

    public string Template { get; private set; } = string.Empty;

    public string? Ttl { get; private set; }

    public int JitterPercent { get; private set; }

    public string Strategy { get; private set; } = "CacheAside";

    public string? MaxStaleness { get; private set; }

    public string? Justification { get; private set; }

    public string ValueType { get; private set; } = string.Empty;

    /// <summary><c>{prefix}:v{version}:{template}</c>, with no prefix segment when the prefix is empty and no version segment when it is 0 (as <c>CacheKeyDefinition.Family</c>).</summary>
    public string Family
    {
        get
        {
            var builder = new StringBuilder();
            if (!string.IsNullOrEmpty(Prefix))
            {
                builder.Append(Prefix).Append(':');
            }

            if (Version != 0)
            {
                builder.Append('v').Append(Version.ToString(CultureInfo.InvariantCulture)).Append(':');
            }

            return builder.Append(Template).ToString();
        }
    }

    /// <summary>The key declaration of <paramref name="method"/>, or null when it is not a <c>[CacheKey]</c> method of a <c>[CacheKeySchema]</c> class.</summary>
    public static SchemaKey? TryRead(IMethodSymbol? method)
    {
        if (method is null || method.ContainingType is not { } type)
        {
            return null;
        }

        var keyAttribute = Find(method.OriginalDefinition, "CacheKeyAttribute");
        if (keyAttribute is null)
        {
            return null;
        }

        var schemaAttribute = Find(type.OriginalDefinition, "CacheKeySchemaAttribute");
        if (schemaAttribute is null)
        {
            return null;
        }

        var key = new SchemaKey { Schema = type.Name };
        if (keyAttribute.ConstructorArguments.Length == 1 && keyAttribute.ConstructorArguments[0].Value is string template)
        {
            key.Template = template;
        }

        foreach (var named in keyAttribute.NamedArguments)
        {
            var value = named.Value.Value;
            switch (named.Key)
            {
                case "Ttl":
                    key.Ttl = value as string;
                    break;
                case "JitterPercent" when value is int jitter:
                    key.JitterPercent = jitter;
                    break;
                case "Strategy":
                    key.Strategy = StrategyName(named.Value);
                    break;
                case "MaxStaleness":
                    key.MaxStaleness = value as string;
                    break;
                case "Justification":
                    key.Justification = value as string;
                    break;
            }
        }

        foreach (var named in schemaAttribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Prefix":
                    key.Prefix = named.Value.Value as string;
                    break;
                case "Version" when named.Value.Value is int version:
                    key.Version = version;
                    break;
            }
        }

        if (method.ReturnType is INamedTypeSymbol { Name: "CacheKey", IsGenericType: true, TypeArguments.Length: 1 } returned)
        {
            key.ValueType = returned.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        }

        return key;
    }

    private static string StrategyName(TypedConstant constant)
    {
        if (constant.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, constant.Value))
                {
                    return field.Name;
                }
            }
        }

        return Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static AttributeData? Find(ISymbol symbol, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && type.Name == name &&
                type.ContainingNamespace is { Name: InventorySupport.CachingArchitectNamespace, ContainingNamespace.IsGlobalNamespace: true })
            {
                return attribute;
            }
        }

        return null;
    }
}
