using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Where a value is consumed as a cache duration (a TTL, a sliding window, a timeout, <c>cacheSeconds</c>,
/// <c>CacheProfile.Duration</c>…), and the TimeSpan-component mistake (<c>ttl.Seconds</c> where
/// <c>ttl.TotalSeconds</c> is meant) that feeds one.
/// </summary>
internal static class DurationSinks
{
    /// <summary>The component properties of <c>TimeSpan</c> and the total that is usually meant.</summary>
    public static string? GetTotalFor(string componentName) => componentName switch
    {
        "Milliseconds" => "TotalMilliseconds",
        "Seconds" => "TotalSeconds",
        "Minutes" => "TotalMinutes",
        "Hours" => "TotalHours",
        _ => null,
    };

    /// <summary>The <c>TimeSpan.FromX</c> factory whose unit matches a component (<c>Seconds</c> → <c>FromSeconds</c>).</summary>
    public static string? GetFactoryFor(string componentName) => componentName switch
    {
        "Milliseconds" => "FromMilliseconds",
        "Seconds" => "FromSeconds",
        "Minutes" => "FromMinutes",
        "Hours" => "FromHours",
        _ => null,
    };

    /// <summary>True for the namespaces and types whose duration members and parameters are cache lifetimes.</summary>
    public static bool IsCachingType(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("Microsoft.Extensions.Caching", StringComparison.Ordinal) ||
            ns.StartsWith("ZiggyCreatures.Caching", StringComparison.Ordinal) ||
            ns.StartsWith("StackExchange.Redis", StringComparison.Ordinal) ||
            ns.StartsWith("Enyim.Caching", StringComparison.Ordinal) ||
            ns.StartsWith("System.Runtime.Caching", StringComparison.Ordinal) ||
            ns.StartsWith("Microsoft.AspNetCore.OutputCaching", StringComparison.Ordinal) ||
            ns.StartsWith("Microsoft.AspNetCore.ResponseCaching", StringComparison.Ordinal))
        {
            return true;
        }

        return (ns == "Microsoft.AspNetCore.Mvc" && type.Name is "CacheProfile" or "ResponseCacheAttribute") ||
               (ns == "Microsoft.Net.Http.Headers" && type.Name == "CacheControlHeaderValue");
    }

    /// <summary>True when <paramref name="parameter"/> of <paramref name="method"/> takes a cache duration.</summary>
    public static bool IsDurationParameter(IParameterSymbol? parameter, IMethodSymbol method)
    {
        if (parameter is null)
        {
            return false;
        }

        var original = method.ReducedFrom ?? method;
        if (!IsCachingType(original.ContainingType))
        {
            return false;
        }

        if (ConstantFolding.IsTimeSpan(parameter.Type) || IsPointInTime(parameter.Type) || parameter.Type is { Name: "Expiration", ContainingNamespace.Name: "Redis" })
        {
            return true;
        }

        return IsInteger(parameter.Type) &&
               (parameter.Name.IndexOf("Seconds", StringComparison.OrdinalIgnoreCase) >= 0 ||
                parameter.Name is "duration" or "expiry" or "expiration" or "ttl");
    }

    /// <summary>True when <paramref name="property"/> is a cache duration (a TimeSpan member, or an integer <c>Duration</c>/<c>*Seconds</c>).</summary>
    public static bool IsDurationProperty(IPropertySymbol property)
    {
        if (!IsCachingType(property.ContainingType))
        {
            return false;
        }

        if (ConstantFolding.IsTimeSpan(property.Type) || IsPointInTime(property.Type))
        {
            return true;
        }

        return IsInteger(property.Type) &&
               (property.Name == "Duration" || property.Name.EndsWith("Seconds", StringComparison.Ordinal));
    }

    /// <summary>
    /// Walks up from <paramref name="start"/> through value-preserving operations (conversions, <c>TimeSpan.FromX</c>,
    /// <c>DateTime[Offset].AddX</c>, conditional branches, <c>??</c>) and returns the consuming operation:
    /// the argument, the assignment, or the local declarator/assignment that stores it. <paramref name="factory"/>
    /// receives the first <c>TimeSpan.FromX</c> passed on the way.
    /// </summary>
    public static IOperation? WalkToConsumer(IOperation start, out IInvocationOperation? factory)
    {
        factory = null;
        var current = start;
        for (var i = 0; i < 16; i++)
        {
            var parent = current.Parent;
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    current = parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                    var method = invocation.TargetMethod;
                    if (method.IsStatic && ConstantFolding.IsTimeSpan(method.ContainingType) && method.Name.StartsWith("From", StringComparison.Ordinal))
                    {
                        factory ??= invocation;
                        current = invocation;
                        continue;
                    }

                    if (method.ContainingType is { Name: "DateTime" or "DateTimeOffset", ContainingNamespace.Name: "System" } &&
                        method.Name.StartsWith("Add", StringComparison.Ordinal))
                    {
                        current = invocation;
                        continue;
                    }

                    return argument;
                case IInvocationOperation invocation when invocation.Instance == current &&
                                                          invocation.TargetMethod.ContainingType is { Name: "DateTime" or "DateTimeOffset", ContainingNamespace.Name: "System" } &&
                                                          invocation.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal):
                    // DateTimeOffset.UtcNow.Add(...) keeps flowing as a point in time only through its argument, not its receiver.
                    return null;
                case IConditionalOperation conditional when conditional.WhenTrue == current || conditional.WhenFalse == current:
                    current = parent;
                    continue;
                case ICoalesceOperation:
                    current = parent;
                    continue;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return assignment;
                case IVariableInitializerOperation initializer:
                    return initializer.Parent;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="consumer"/> (from <see cref="WalkToConsumer"/>) takes the value as a cache duration.</summary>
    public static bool IsDurationConsumer(IOperation? consumer) => consumer switch
    {
        IArgumentOperation { Parent: IInvocationOperation invocation } argument => IsDurationParameter(argument.Parameter, invocation.TargetMethod),
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => IsDurationProperty(property.Property),
        _ => false,
    };

    /// <summary>The local a consumer stores the value in (declarator or assignment to a local), or null.</summary>
    public static ILocalSymbol? GetStoredLocal(IOperation? consumer) => consumer switch
    {
        IVariableDeclaratorOperation declarator => declarator.Symbol,
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
        _ => null,
    };

    /// <summary><c>DateTime</c>/<c>DateTimeOffset</c> (nullable too): an absolute expiration, reached only through <c>AddX(component)</c>.</summary>
    private static bool IsPointInTime(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType == SpecialType.System_DateTime ||
               type is { Name: "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    private static bool IsInteger(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;
    }
}
