using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Http;

/// <summary>Where an output-cache policy comes from.</summary>
internal enum OutputCachePolicyOrigin
{
    /// <summary><c>AddBasePolicy(…)</c>: applies to every output-cached endpoint.</summary>
    Base,

    /// <summary><c>AddPolicy("name", …)</c>: used through <c>[OutputCache(PolicyName = "name")]</c> or <c>.CacheOutput("name")</c>.</summary>
    Named,

    /// <summary>A policy written at the endpoint: <c>.CacheOutput(b =&gt; …)</c>, <c>.CacheOutput()</c>, <c>.CacheOutput(policy)</c>, <c>[OutputCache(…)]</c>.</summary>
    Endpoint,
}

/// <summary>
/// The facts of one output-cache policy: what its <c>OutputCachePolicyBuilder</c> calls (<c>SetLocking</c>, <c>VaryByValue</c>,
/// <c>SetVaryByHeader/Query/RouteValue</c>, <c>Tag</c>, <c>Expire</c>, <c>Cache</c>/<c>NoCache</c>, <c>AddPolicy&lt;T&gt;</c>) or
/// <c>[OutputCache]</c> properties say, and which custom <c>IOutputCachePolicy</c> types it includes.
/// </summary>
internal sealed class OutputCachePolicyFacts
{
    private readonly List<string> varyByHeaders = new();
    private readonly List<string> varyByQuery = new();
    private readonly List<string> varyByRouteValues = new();
    private readonly List<string> tags = new();
    private readonly List<INamedTypeSymbol> customPolicyTypes = new();

    public OutputCachePolicyFacts(OutputCachePolicyOrigin origin, string? name, Location location)
    {
        Origin = origin;
        Name = name;
        Location = location;
    }

    public OutputCachePolicyOrigin Origin { get; }

    /// <summary>The policy name (named policies, or the <c>PolicyName</c> an endpoint refers to); null otherwise.</summary>
    public string? Name { get; }

    public Location Location { get; }

    /// <summary><c>VaryByValue(…)</c> is called: the cache key includes a value computed from the request (user, tenant, culture…).</summary>
    public bool VariesByValue { get; private set; }

    /// <summary>Header names from <c>SetVaryByHeader</c> / <c>VaryByHeaderNames</c> (constant values only).</summary>
    public IReadOnlyList<string> VaryByHeaders => varyByHeaders;

    public IReadOnlyList<string> VaryByQuery => varyByQuery;

    public IReadOnlyList<string> VaryByRouteValues => varyByRouteValues;

    public IReadOnlyList<string> Tags => tags;

    /// <summary>Custom <c>IOutputCachePolicy</c> types the policy includes (<c>AddPolicy&lt;T&gt;()</c>, <c>AddPolicy(typeof(T))</c>, <c>new T()</c>).</summary>
    public IReadOnlyList<INamedTypeSymbol> CustomPolicyTypes => customPolicyTypes;

    /// <summary>The <c>SetLocking(false)</c> call, when the policy turns off request coalescing.</summary>
    public IInvocationOperation? LockingDisabled { get; private set; }

    /// <summary><c>Expire(…)</c> is called.</summary>
    public bool HasExpire { get; private set; }

    /// <summary>
    /// The expiration set by <c>Expire(…)</c> or <c>[OutputCache(Duration = …)]</c> when it is a constant (the last one set wins,
    /// as in the builder); null when none is set or the value is not constant.
    /// </summary>
    public TimeSpan? Duration { get; private set; }

    /// <summary><c>NoCache()</c> or <c>[OutputCache(NoStore = true)]</c>: the endpoint is not cached.</summary>
    public bool DisablesCaching { get; private set; }

    /// <summary>Part of the policy cannot be read: a builder or policy instance that comes from elsewhere, a non-constant name.</summary>
    public bool IsPartlyUnknown { get; private set; }

    /// <summary>True when the cache key varies by header <paramref name="header"/> (case-insensitive).</summary>
    public bool VariesByHeader(string header)
    {
        foreach (var h in varyByHeaders)
        {
            if (string.Equals(h, header, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal void MarkUnknown() => IsPartlyUnknown = true;

    internal void Apply(IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "SetLocking":
                if (call.Arguments.Length > 0 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false })
                {
                    LockingDisabled = call;
                }

                break;
            case "VaryByValue":
                VariesByValue = true;
                break;
            case "SetVaryByHeader":
                AddStrings(call, varyByHeaders);
                break;
            case "SetVaryByQuery":
                AddStrings(call, varyByQuery);
                break;
            case "SetVaryByRouteValue":
                AddStrings(call, varyByRouteValues);
                break;
            case "Tag":
                AddStrings(call, tags);
                break;
            case "Expire":
                HasExpire = true;
                Duration = call.Arguments.Length > 0 && ConstantFolding.TryGetTimeSpan(call.Arguments[0].Value, out var expire) ? expire : null;
                break;
            case "NoCache":
                DisablesCaching = true;
                break;
            case "AddPolicy":
                AddCustomPolicy(call);
                break;
        }
    }

    internal void AddCustomPolicyType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol named && named.TypeKind != TypeKind.Error)
        {
            customPolicyTypes.Add(named);
        }
        else
        {
            IsPartlyUnknown = true;
        }
    }

    internal void ApplyAttribute(AttributeData attribute)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "NoStore" when argument.Value.Value is true:
                    DisablesCaching = true;
                    break;
                case "VaryByHeaderNames":
                    AddConstants(argument.Value, varyByHeaders);
                    break;
                case "VaryByQueryKeys":
                    AddConstants(argument.Value, varyByQuery);
                    break;
                case "VaryByRouteValueNames":
                    AddConstants(argument.Value, varyByRouteValues);
                    break;
                case "Tags":
                    AddConstants(argument.Value, tags);
                    break;
                case "Duration":
                    HasExpire = true;
                    Duration = argument.Value.Value is int seconds ? TimeSpan.FromSeconds(seconds) : null;
                    break;
            }
        }
    }

    private void AddCustomPolicy(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (method.IsGenericMethod && method.TypeArguments.Length == 1)
        {
            AddCustomPolicyType(method.TypeArguments[0]);
            return;
        }

        if (call.Arguments.Length == 0)
        {
            return;
        }

        var value = call.Arguments[0].Value.WalkDownConversions();
        switch (value)
        {
            case ITypeOfOperation typeOf:
                AddCustomPolicyType(typeOf.TypeOperand);
                break;
            case IObjectCreationOperation creation:
                AddCustomPolicyType(creation.Type);
                break;
            default:
                IsPartlyUnknown = true;
                break;
        }
    }

    private void AddStrings(IInvocationOperation call, List<string> target)
    {
        foreach (var argument in call.Arguments)
        {
            foreach (var item in argument.Value.DescendantsAndSelf())
            {
                if (item.ConstantValue is { HasValue: true, Value: string text })
                {
                    target.Add(text);
                }
                else if (item is IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation &&
                         item.Type?.SpecialType == SpecialType.System_String)
                {
                    IsPartlyUnknown = true;
                }
            }
        }
    }

    private static void AddConstants(TypedConstant value, List<string> target)
    {
        if (value.Kind == TypedConstantKind.Array)
        {
            foreach (var item in value.Values)
            {
                if (item.Value is string text)
                {
                    target.Add(text);
                }
            }
        }
        else if (value.Value is string single)
        {
            target.Add(single);
        }
    }
}

/// <summary>
/// Output-cache policy facts (issue 4): policies registered with <c>AddOutputCache(o =&gt; o.AddPolicy/AddBasePolicy(…))</c>,
/// <c>OutputCachePolicyBuilder</c> chains, and the output caching applied to an endpoint — <c>[OutputCache]</c> on an action, controller,
/// Razor page model, or <c>.CacheOutput(…)</c> on a minimal-API endpoint and its <c>MapGroup</c> chain.
/// </summary>
internal static class OutputCachePolicies
{
    private const string OutputCaching = "Microsoft.AspNetCore.OutputCaching";
    private const int MaxChain = 16;

    /// <summary>True for a method of <c>OutputCachePolicyBuilder</c>.</summary>
    public static bool IsBuilderMethod(IMethodSymbol method) => SymbolNames.Is(method.ContainingType, OutputCaching, "OutputCachePolicyBuilder");

    /// <summary>True for <c>OutputCacheOptions.AddPolicy</c>/<c>AddBasePolicy</c>.</summary>
    public static bool IsRegistration(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name is "AddPolicy" or "AddBasePolicy" && SymbolNames.Is(invocation.TargetMethod.ContainingType, OutputCaching, "OutputCacheOptions");

    /// <summary>The policy a registration call (<c>options.AddPolicy("name", b =&gt; …)</c>, <c>options.AddBasePolicy(…)</c>) defines, or null.</summary>
    public static OutputCachePolicyFacts? FromRegistration(IInvocationOperation invocation)
    {
        if (!IsRegistration(invocation))
        {
            return null;
        }

        string? name = null;
        var origin = invocation.TargetMethod.Name == "AddBasePolicy" ? OutputCachePolicyOrigin.Base : OutputCachePolicyOrigin.Named;
        if (origin == OutputCachePolicyOrigin.Named)
        {
            if (invocation.GetArgument("name")?.Value.ConstantValue is { HasValue: true, Value: string text })
            {
                name = text;
            }
            else
            {
                return null;
            }
        }

        var facts = new OutputCachePolicyFacts(origin, name, CodeContext.GetNameLocation(invocation));
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "name" || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            ReadPolicyArgument(argument.Value, facts);
        }

        return facts;
    }

    /// <summary>Reads a policy argument: a builder lambda, a built policy (<c>new MyPolicy()</c>), or a builder chain.</summary>
    public static void ReadPolicyArgument(IOperation value, OutputCachePolicyFacts facts)
    {
        var op = value.WalkDownConversions();
        if (op is IDelegateCreationOperation delegateCreation)
        {
            op = delegateCreation.Target;
        }

        switch (op)
        {
            case IAnonymousFunctionOperation lambda:
                ReadBuilderLambda(lambda, facts);
                break;
            case IObjectCreationOperation creation when SymbolNames.IsOrImplements(creation.Type, OutputCaching, "IOutputCachePolicy"):
                facts.AddCustomPolicyType(creation.Type);
                break;
            case ITypeOfOperation typeOf:
                facts.AddCustomPolicyType(typeOf.TypeOperand);
                break;
            case ILiteralOperation or IFieldReferenceOperation { Type.SpecialType: SpecialType.System_Boolean }:
                break;
            case IFieldReferenceOperation or IPropertyReferenceOperation when op.Type is INamedTypeSymbol { IsSealed: true } sealedType && IsCustomPolicyType(sealedType):
                // A shared instance of a sealed policy type (the docs' 'MyCustomPolicy.Instance'): its type is the policy.
                facts.AddCustomPolicyType(sealedType);
                break;
            default:
                if (op.Type?.SpecialType != SpecialType.System_Boolean)
                {
                    facts.MarkUnknown();
                }

                break;
        }
    }

    /// <summary>Reads the <c>OutputCachePolicyBuilder</c> calls of a configuration lambda (<c>b =&gt; b.Expire(…).Tag(…)</c>), nested lambdas excluded.</summary>
    public static void ReadBuilderLambda(IAnonymousFunctionOperation lambda, OutputCachePolicyFacts facts)
    {
        foreach (var op in lambda.Body.Descendants())
        {
            if (op is IInvocationOperation call && IsBuilderMethod(call.TargetMethod) && IsOwnOperation(call, lambda))
            {
                facts.Apply(call);
            }
        }
    }

    /// <summary>
    /// The output caching written on the endpoint whose handler is <paramref name="lambda"/>: every <c>.CacheOutput(…)</c> on the
    /// <c>Map*</c> result (fluent, or on the local it is stored in) and on its <c>MapGroup</c> chain. Empty when the endpoint is not output-cached;
    /// null when <paramref name="lambda"/> is not a minimal-API handler.
    /// </summary>
    public static List<OutputCachePolicyFacts>? ForMinimalApi(IAnonymousFunctionOperation lambda)
    {
        if (!RequestContext.GetMinimalApiPattern(lambda, out _))
        {
            return null;
        }

        if (lambda.GetReceivingCall() is not { } map)
        {
            return null;
        }

        var result = new List<OutputCachePolicyFacts>();
        ScanBuilder(map, result, 0);
        ScanGroups(map.GetReceiver(), result, 0);

        // A group's CacheOutput can be reached both through the group local and through its initializer.
        var unique = new List<OutputCachePolicyFacts>();
        foreach (var facts in result)
        {
            if (!unique.Exists(u => u.Location.SourceSpan == facts.Location.SourceSpan && u.Location.SourceTree == facts.Location.SourceTree))
            {
                unique.Add(facts);
            }
        }

        return unique;
    }

    /// <summary>The <c>[OutputCache]</c> attributes of an action, Razor page handler (page model class) or their types, innermost first.</summary>
    public static List<OutputCachePolicyFacts> ForMethod(IMethodSymbol method)
    {
        var result = new List<OutputCachePolicyFacts>();
        AddAttributes(method, result);
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            AddAttributes(type, result);
        }

        return result;
    }

    /// <summary>True when <paramref name="type"/> is a custom <c>IOutputCachePolicy</c> (declared in source).</summary>
    public static bool IsCustomPolicyType(INamedTypeSymbol? type) =>
        type is not null && type.TypeKind == TypeKind.Class && SymbolNames.IsOrImplements(type, OutputCaching, "IOutputCachePolicy") &&
        !SymbolNames.IsInNamespaceOrChild(type.ContainingNamespace, OutputCaching);

    private static void AddAttributes(ISymbol symbol, List<OutputCachePolicyFacts> result)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (!SymbolNames.IsOrDerivesFrom(attribute.AttributeClass, OutputCaching, "OutputCacheAttribute"))
            {
                continue;
            }

            string? policyName = null;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "PolicyName" && argument.Value.Value is string text)
                {
                    policyName = text;
                }
            }

            var location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? Location.None;
            var facts = new OutputCachePolicyFacts(OutputCachePolicyOrigin.Endpoint, policyName, location);
            facts.ApplyAttribute(attribute);
            result.Add(facts);
        }
    }

    private static void ScanBuilder(IOperation builder, List<OutputCachePolicyFacts> result, int depth)
    {
        var current = builder;
        for (var i = 0; i < MaxChain && depth < MaxChain; i++)
        {
            current = current.WalkUpConversions();
            var parent = current.Parent;
            var call = OperationExtensions.AsFluentCall(parent, current);
            if (call is not null)
            {
                if (call.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal))
                {
                    return;
                }

                if (call.TargetMethod.Name == "CacheOutput")
                {
                    result.Add(FromCacheOutput(call));
                }

                current = call;
                continue;
            }

            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                foreach (var reference in current.GetRoot().Descendants())
                {
                    if (reference is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
                    {
                        ScanBuilder(reference, result, depth + 1);
                    }
                }
            }

            return;
        }
    }

    private static void ScanGroups(IOperation? receiver, List<OutputCachePolicyFacts> result, int depth)
    {
        var op = receiver?.WalkDownConversions();
        for (var i = 0; op is not null && i < MaxChain && depth < MaxChain; i++)
        {
            switch (op)
            {
                case IInvocationOperation { TargetMethod.Name: "MapGroup" } group:
                    ScanGroupConventions(group, result);
                    op = group.GetReceiver()?.WalkDownConversions();
                    continue;
                case IInvocationOperation { TargetMethod.Name: "CacheOutput" } cacheOutput:
                    result.Add(FromCacheOutput(cacheOutput));
                    op = cacheOutput.GetReceiver()?.WalkDownConversions();
                    continue;
                case IInvocationOperation other when other.TargetMethod.ReturnType is { } type && !other.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal) &&
                                                     other.GetReceiver() is { } inner && SymbolEqualityComparer.Default.Equals(inner.Type, type):
                    op = inner.WalkDownConversions();
                    continue;
                case ILocalReferenceOperation local:
                    foreach (var reference in local.GetRoot().Descendants())
                    {
                        if (reference is ILocalReferenceOperation use && SymbolEqualityComparer.Default.Equals(use.Local, local.Local) &&
                            OperationExtensions.AsFluentCall(reference.Parent, reference) is { TargetMethod.Name: "CacheOutput" } call)
                        {
                            result.Add(FromCacheOutput(call));
                        }
                    }

                    op = ValueTracer.GetSingleAssignment(local.Local, local)?.WalkDownConversions();
                    continue;
                default:
                    return;
            }
        }
    }

    private static void ScanGroupConventions(IInvocationOperation group, List<OutputCachePolicyFacts> result)
    {
        IOperation current = group;
        for (var i = 0; i < MaxChain; i++)
        {
            var call = current.NextFluentCall();
            if (call is null || call.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal))
            {
                return;
            }

            if (call.TargetMethod.Name == "CacheOutput")
            {
                result.Add(FromCacheOutput(call));
            }

            current = call;
        }
    }

    private static OutputCachePolicyFacts FromCacheOutput(IInvocationOperation call)
    {
        string? name = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                name = argument.Value.ConstantValue is { HasValue: true, Value: string text } ? text : null;
            }
        }

        var facts = new OutputCachePolicyFacts(OutputCachePolicyOrigin.Endpoint, name, CodeContext.GetNameLocation(call));
        var method = call.TargetMethod;

        // CacheOutput<TBuilder>(this TBuilder builder, …) is generic on the endpoint builder, not on a policy type.
        if (method.IsGenericMethod && method.TypeArguments.Length == 1 && SymbolNames.IsOrImplements(method.TypeArguments[0], OutputCaching, "IOutputCachePolicy"))
        {
            facts.AddCustomPolicyType(method.TypeArguments[0]);
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || method.IsExtensionMethod && argument.Parameter?.Ordinal == 0 ||
                argument.Value.Type?.SpecialType == SpecialType.System_Boolean)
            {
                continue;
            }

            if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                if (name is null)
                {
                    facts.MarkUnknown();
                }

                continue;
            }

            ReadPolicyArgument(argument.Value, facts);
        }

        return facts;
    }

    private static bool IsOwnOperation(IOperation op, IAnonymousFunctionOperation lambda)
    {
        for (var parent = op.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation owner)
            {
                return ReferenceEquals(owner, lambda);
            }
        }

        return false;
    }
}
