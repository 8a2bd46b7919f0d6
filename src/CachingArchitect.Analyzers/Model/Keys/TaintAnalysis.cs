using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Keys;

/// <summary>Where a string value comes from, as far as the intra-procedural taint trace can tell.</summary>
internal enum TaintKind
{
    /// <summary>Constants and values derived from typed data (<c>id.ToString()</c>).</summary>
    Clean,

    /// <summary>Authenticated identity claims (<c>User.FindFirstValue(…)</c>, <c>User.Identity.Name</c>): not external input.</summary>
    Claim,

    /// <summary>Request data that passed a sanitizer: allow-list, length cap plus charset check, route constraint.</summary>
    Sanitized,

    /// <summary>A hash of anything (<c>SHA256.HashData</c>, <c>XxHash64</c>): fixed width, bounded.</summary>
    Hashed,

    /// <summary>Cannot tell (parameters of non-endpoint methods, results of arbitrary calls).</summary>
    Unknown,

    /// <summary>Raw request data (CACHE011 taint source) that reached this value through no sanitizer.</summary>
    Input,
}

/// <summary>The result of a taint trace: its kind, a readable reason and the source operation.</summary>
internal readonly struct TaintResult
{
    public TaintResult(TaintKind kind, string? reason = null, IOperation? source = null)
    {
        Kind = kind;
        Reason = reason;
        Source = source;
    }

    public static TaintResult Clean => new(TaintKind.Clean);

    public static TaintResult Unknown => new(TaintKind.Unknown);

    public TaintKind Kind { get; }

    public string? Reason { get; }

    public IOperation? Source { get; }

    /// <summary>Input dominates, then unknown; clean parts take the other side's kind.</summary>
    public static TaintResult Combine(TaintResult a, TaintResult b)
    {
        if (a.Kind == TaintKind.Input)
        {
            return a;
        }

        if (b.Kind == TaintKind.Input)
        {
            return b;
        }

        if (a.Kind == TaintKind.Unknown)
        {
            return a;
        }

        if (b.Kind == TaintKind.Unknown)
        {
            return b;
        }

        return a.Kind == TaintKind.Clean ? b : a;
    }
}

/// <summary>
/// Intra-procedural taint analysis shared by CACHE011 (through the key decomposer) and CACHE008: follows a string value back through locals,
/// string building, string methods, <c>await</c>, <c>?:</c>/<c>??</c>, LINQ element access and <c>TryGetValue(…, out v)</c> to its
/// sources — <c>HttpRequest.Query/Form/Headers/Cookies/Path/PathBase/QueryString/RouteValues/Body/Host</c>, <c>IFormFile</c>,
/// <c>GetRouteValue</c>, endpoint parameters bound from the request, <c>[BindProperty]</c> properties and configured
/// <c>caching_architect.taint_sources</c> — and honours sanitizers: typed parsing (the value stops being a string), allow-lists
/// (<c>switch</c>/<c>is</c> on constants, <c>Contains</c> on a static readonly set), a length cap plus a charset check, hashing and
/// sanitizing route constraints. Identity claims are not input.
/// </summary>
internal sealed class TaintAnalysis
{
    private const int MaxDepth = 24;

    private static readonly HashSet<string> HttpRequestSources = new(StringComparer.Ordinal)
    {
        "Query", "Form", "Headers", "Cookies", "Path", "PathBase", "QueryString", "RouteValues", "Body", "BodyReader", "Host", "ContentType",
    };

    private static readonly HashSet<string> PropagatingStringMethods = new(StringComparer.Ordinal)
    {
        "Trim", "TrimStart", "TrimEnd", "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant", "Replace", "Substring",
        "Normalize", "PadLeft", "PadRight", "Remove", "Insert", "ToString", "Concat", "Format", "Join", "Copy", "Intern", "AsSpan",
    };

    private static readonly HashSet<string> PropagatingLinq = new(StringComparer.Ordinal)
    {
        "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault", "ElementAt", "ElementAtOrDefault", "ToArray", "ToList",
        "Take", "Skip", "Where", "OrderBy", "Distinct",
    };

    private readonly ImmutableArray<string> _configuredSources;
    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, bool> _guarded = new(SymbolEqualityComparer.Default);

    private TaintAnalysis(ImmutableArray<string> configuredSources)
    {
        _configuredSources = configuredSources.IsDefault ? ImmutableArray<string>.Empty : configuredSources;
    }

    /// <summary>Traces <paramref name="value"/> to its taint sources. <paramref name="configuredSources"/> are extra <c>Namespace.Type[.Member]</c> sources.</summary>
    public static TaintResult Analyze(IOperation value, ImmutableArray<string> configuredSources = default) =>
        new TaintAnalysis(configuredSources).Visit(value, 0);

    private TaintResult Visit(IOperation? op, int depth)
    {
        if (op is null || depth > MaxDepth)
        {
            return TaintResult.Unknown;
        }

        if (op.ConstantValue.HasValue)
        {
            return TaintResult.Clean;
        }

        switch (op)
        {
            case IConversionOperation conversion:
                return Visit(conversion.Operand, depth + 1);
            case IParenthesizedOperation parenthesized:
                return Visit(parenthesized.Operand, depth + 1);
            case ILiteralOperation or IDefaultValueOperation or IThrowOperation or ITypeOfOperation or INameOfOperation:
                return TaintResult.Clean;
            case IInterpolatedStringHandlerCreationOperation handler:
                return Visit(handler.Content, depth + 1);
            case IInterpolatedStringOperation interpolated:
                var result = TaintResult.Clean;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        result = TaintResult.Combine(result, Visit(hole.Expression, depth + 1));
                    }
                    else if (part is IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation append } && append.GetArgument("value") is { } appended)
                    {
                        result = TaintResult.Combine(result, Visit(appended.Value, depth + 1));
                    }
                }

                return result;
            case IBinaryOperation binary when binary.Type?.SpecialType == SpecialType.System_String:
                return TaintResult.Combine(Visit(binary.LeftOperand, depth + 1), Visit(binary.RightOperand, depth + 1));
            case IAwaitOperation awaited:
                return Visit(awaited.Operation, depth + 1);
            case IConditionalOperation conditional:
                return TaintResult.Combine(Visit(conditional.WhenTrue, depth + 1), conditional.WhenFalse is null ? TaintResult.Clean : Visit(conditional.WhenFalse, depth + 1));
            case ICoalesceOperation coalesce:
                return TaintResult.Combine(Visit(coalesce.Value, depth + 1), Visit(coalesce.WhenNull, depth + 1));
            case IConditionalAccessOperation access:
                return Visit(access.WhenNotNull, depth + 1);
            case IConditionalAccessInstanceOperation instance:
                for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation owner)
                    {
                        return Visit(owner.Operation, depth + 1);
                    }
                }

                return TaintResult.Unknown;
            case ISwitchExpressionOperation switchExpression:
                return SwitchArms(switchExpression, depth);
            case ILocalReferenceOperation local:
                return Local(local, depth);
            case IParameterReferenceOperation parameter:
                return Parameter(parameter);
            case IPropertyReferenceOperation property:
                return Property(property, depth);
            case IFieldReferenceOperation field when field.Field.IsConst || field.Field.IsReadOnly:
                var initializer = ValueTracer.GetFieldInitializer(field.Field, op.SemanticModel);
                return initializer is null ? TaintResult.Unknown : Visit(initializer, depth + 1);
            case IInvocationOperation invocation:
                return Invocation(invocation, depth);
            case IObjectCreationOperation creation when creation.Type is not null &&
                                                        (SymbolNames.IsOrDerivesFrom(creation.Type, "System.IO", "TextReader") ||
                                                         creation.Type.SpecialType == SpecialType.System_String):
                return Arguments(creation.Arguments, depth);
            case IArrayElementReferenceOperation element:
                return Visit(element.ArrayReference, depth + 1);
            case IArrayCreationOperation array when array.Initializer is not null:
                var elements = TaintResult.Clean;
                foreach (var item in array.Initializer.ElementValues)
                {
                    elements = TaintResult.Combine(elements, Visit(item, depth + 1));
                }

                return elements;
            default:
                return TaintResult.Unknown;
        }
    }

    private TaintResult SwitchArms(ISwitchExpressionOperation switchExpression, int depth)
    {
        var allConstant = true;
        var result = TaintResult.Clean;
        foreach (var arm in switchExpression.Arms)
        {
            var value = arm.Value.WalkDownConversions();
            if (!(value.ConstantValue.HasValue || value is IThrowOperation))
            {
                allConstant = false;
                result = TaintResult.Combine(result, Visit(arm.Value, depth + 1));
            }
        }

        return allConstant ? new TaintResult(TaintKind.Sanitized, "allow-list") : result;
    }

    private TaintResult Local(ILocalReferenceOperation reference, int depth)
    {
        var local = reference.Local;
        if (IsGuarded(local, reference))
        {
            return new TaintResult(TaintKind.Sanitized, "checked");
        }

        if (!_visiting.Add(local))
        {
            return TaintResult.Unknown;
        }

        try
        {
            var result = TaintResult.Clean;
            var found = 0;
            foreach (var descendant in reference.GetRoot().Descendants())
            {
                if (found > 8)
                {
                    return TaintResult.Unknown;
                }

                switch (descendant)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        var init = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                        if (init is not null)
                        {
                            result = TaintResult.Combine(result, Visit(init, depth + 1));
                            found++;
                        }
                        else if (declarator.Parent?.Parent is IForEachLoopOperation loop)
                        {
                            result = TaintResult.Combine(result, Visit(loop.Collection, depth + 1));
                            found++;
                        }

                        break;
                    case IAssignmentOperation assignment when assignment.Target.IsReferenceTo(local):
                        result = TaintResult.Combine(result, Visit(assignment.Value, depth + 1));
                        found++;
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when
                        (argument.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : argument.Value).IsReferenceTo(local):
                        // dictionary.TryGetValue(key, out value): the value comes from the dictionary.
                        if (argument.Parent is IInvocationOperation { TargetMethod.Name: "TryGetValue" } lookup && lookup.GetReceiver() is { } receiver)
                        {
                            result = TaintResult.Combine(result, Visit(receiver, depth + 1));
                            found++;
                        }
                        else
                        {
                            return TaintResult.Unknown;
                        }

                        break;
                    case IForEachLoopOperation loop when loop.LoopControlVariable is IVariableDeclaratorOperation control &&
                                                         SymbolEqualityComparer.Default.Equals(control.Symbol, local):
                        result = TaintResult.Combine(result, Visit(loop.Collection, depth + 1));
                        found++;
                        break;
                    case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                        return TaintResult.Unknown;
                }
            }

            return found == 0 ? TaintResult.Unknown : result;
        }
        finally
        {
            _visiting.Remove(local);
        }
    }

    private TaintResult Parameter(IParameterReferenceOperation reference)
    {
        var parameter = reference.Parameter;
        var templates = new List<string>();
        if (!RequestContext.IsBoundFromRequest(parameter, reference, templates))
        {
            return TaintResult.Unknown;
        }

        if (IsGuarded(parameter, reference))
        {
            return new TaintResult(TaintKind.Sanitized, "checked");
        }

        if (HasValidationAttributes(parameter))
        {
            return new TaintResult(TaintKind.Sanitized, "validated");
        }

        if (RequestContext.HasSanitizingRouteConstraint(templates, parameter.Name))
        {
            return new TaintResult(TaintKind.Sanitized, "route constraint");
        }

        return new TaintResult(TaintKind.Input, "endpoint parameter '" + parameter.Name + "'", reference);
    }

    private TaintResult Property(IPropertyReferenceOperation reference, int depth)
    {
        var property = reference.Property;
        var type = property.ContainingType;
        const string http = "Microsoft.AspNetCore.Http";

        if (IsConfiguredSource(property))
        {
            return new TaintResult(TaintKind.Input, type.Name + "." + property.Name, reference);
        }

        if (SymbolNames.Is(type, http, "HttpRequest"))
        {
            return HttpRequestSources.Contains(property.Name)
                ? new TaintResult(TaintKind.Input, "HttpRequest." + property.Name, reference)
                : property.Name is "Method" or "Scheme" or "Protocol" or "IsHttps" ? TaintResult.Clean : TaintResult.Unknown;
        }

        if (SymbolNames.Is(type, http, "IFormFile"))
        {
            return new TaintResult(TaintKind.Input, "IFormFile." + property.Name, reference);
        }

        if (SymbolNames.Is(type, "System.Security.Claims", "Claim") || SymbolNames.Is(type, "System.Security.Principal", "IIdentity") ||
            SymbolNames.Is(type, "System.Security.Claims", "ClaimsPrincipal") || SymbolNames.Is(type, "System.Security.Claims", "ClaimsIdentity"))
        {
            return new TaintResult(TaintKind.Claim, "claim");
        }

        if (reference.Instance is null or IInstanceReferenceOperation && IsBoundProperty(property))
        {
            return new TaintResult(TaintKind.Input, "bound property '" + property.Name + "'", reference);
        }

        if (reference.Instance is { } instance and not IInstanceReferenceOperation)
        {
            // Indexers (Query["q"]), StringValues members and DTO members of a model-bound parameter carry the receiver's taint.
            var receiver = Visit(instance, depth + 1);
            if (receiver.Kind == TaintKind.Input && HasValidationAttributes(property))
            {
                return new TaintResult(TaintKind.Sanitized, "validated");
            }

            return receiver.Kind is TaintKind.Input or TaintKind.Claim ? receiver : TaintResult.Unknown;
        }

        return TaintResult.Unknown;
    }

    private TaintResult Invocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return TaintResult.Unknown;
        }

        if (IsConfiguredSource(method))
        {
            return new TaintResult(TaintKind.Input, type.Name + "." + method.Name, invocation);
        }

        var receiver = invocation.GetReceiver();
        if (receiver?.Type is { } receiverType && SymbolNames.Is(receiverType, "Microsoft.AspNetCore.Http", "HttpRequest"))
        {
            return new TaintResult(TaintKind.Input, "HttpRequest." + method.Name, invocation);
        }

        if (method.Name == "GetRouteValue")
        {
            return new TaintResult(TaintKind.Input, "route value", invocation);
        }

        if (method.Name is "FindFirstValue" or "FindFirst" or "FindAll" ||
            SymbolNames.IsInNamespace(type.ContainingNamespace, "System.Security.Claims"))
        {
            return new TaintResult(TaintKind.Claim, "claim");
        }

        if (IsHash(type))
        {
            return new TaintResult(TaintKind.Hashed, "hash");
        }

        if (SymbolNames.Is(type, "System", "Convert") || SymbolNames.Is(type, "System", "BitConverter") ||
            SymbolNames.IsOrDerivesFrom(type, "System.Text", "Encoding"))
        {
            return Arguments(invocation.Arguments, depth);
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            if (!PropagatingStringMethods.Contains(method.Name))
            {
                return TaintResult.Unknown;
            }

            var result = invocation.Instance is null ? TaintResult.Clean : Visit(invocation.Instance, depth + 1);
            return TaintResult.Combine(result, Arguments(invocation.Arguments, depth));
        }

        if (method.Name == "ToString" && invocation.Instance is { } instance)
        {
            var instanceType = instance.WalkDownConversions().Type;
            return IsTypedScalar(instanceType) ? TaintResult.Clean : Visit(instance, depth + 1);
        }

        if (SymbolNames.IsOrDerivesFrom(type, "System.IO", "TextReader") && method.Name.StartsWith("Read", StringComparison.Ordinal))
        {
            return Visit(invocation.Instance, depth + 1);
        }

        if (SymbolNames.Is(type, "System.Linq", "Enumerable") && PropagatingLinq.Contains(method.Name) && invocation.Arguments.Length > 0)
        {
            return Visit(invocation.Arguments[0].Value, depth + 1);
        }

        if (SymbolNames.Is(type, "Microsoft.Extensions.Primitives", "StringValues") && invocation.Instance is not null)
        {
            return Visit(invocation.Instance, depth + 1);
        }

        return TaintResult.Unknown;
    }

    private TaintResult Arguments(ImmutableArray<IArgumentOperation> arguments, int depth)
    {
        var result = TaintResult.Clean;
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type is { } parameterType &&
                (SymbolNames.Is(parameterType, "System", "IFormatProvider") || parameterType.TypeKind == TypeKind.Enum ||
                 parameterType.SpecialType is SpecialType.System_Int32 or SpecialType.System_Char or SpecialType.System_Boolean))
            {
                continue;
            }

            result = TaintResult.Combine(result, Visit(argument.Value, depth + 1));
        }

        return result;
    }

    /// <summary>
    /// True when the method body checks <paramref name="symbol"/> against an allow-list (<c>switch</c> or <c>is</c> on constants,
    /// <c>Contains</c>/<c>ContainsKey</c> on a static readonly collection) or caps its length and checks its charset
    /// (<c>Regex.IsMatch</c>, <c>All</c>/<c>Any</c> over its characters). Dominance is not checked: a check anywhere counts.
    /// </summary>
    private bool IsGuarded(ISymbol symbol, IOperation reference)
    {
        if (_guarded.TryGetValue(symbol, out var cached))
        {
            return cached;
        }

        bool allowList = false, lengthCap = false, charset = false;
        foreach (var descendant in reference.GetRoot().Descendants())
        {
            switch (descendant)
            {
                case IInvocationOperation invocation when HasArgumentReferencing(invocation, symbol):
                    var name = invocation.TargetMethod.Name;
                    if (name is "Contains" or "ContainsKey" or "TryGetValue" && IsStaticReadonlyCollection(invocation))
                    {
                        allowList = true;
                    }
                    else if (name is "IsMatch" or "All" or "Any")
                    {
                        charset = true;
                    }

                    break;
                case ISwitchOperation switchStatement when switchStatement.Value.IsReferenceTo(symbol) && AllCasesConstant(switchStatement):
                    allowList = true;
                    break;
                case IIsPatternOperation isPattern when isPattern.Value.IsReferenceTo(symbol) && IsConstantPattern(isPattern.Pattern):
                    allowList = true;
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } comparison
                    when (IsLengthOf(comparison.LeftOperand, symbol) && comparison.RightOperand.ConstantValue.HasValue) ||
                         (IsLengthOf(comparison.RightOperand, symbol) && comparison.LeftOperand.ConstantValue.HasValue):
                    lengthCap = true;
                    break;
                case IIsPatternOperation lengthPattern when CapsLength(lengthPattern, symbol):
                    lengthCap = true;
                    break;
            }

            if (allowList || (lengthCap && charset))
            {
                break;
            }
        }

        var guarded = allowList || (lengthCap && charset);
        _guarded[symbol] = guarded;
        return guarded;
    }

    private static bool HasArgumentReferencing(IInvocationOperation invocation, ISymbol symbol)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.IsReferenceTo(symbol))
            {
                return true;
            }
        }

        return invocation.Instance.IsReferenceTo(symbol);
    }

    private static bool IsStaticReadonlyCollection(IInvocationOperation invocation)
    {
        var receiver = invocation.GetReceiver()?.WalkDownConversions();
        return receiver is IFieldReferenceOperation { Field: { IsStatic: true } field } && (field.IsReadOnly || field.IsConst);
    }

    private static bool AllCasesConstant(ISwitchOperation switchStatement)
    {
        foreach (var section in switchStatement.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case ISingleValueCaseClauseOperation single when single.Value.ConstantValue.HasValue:
                    case IDefaultCaseClauseOperation:
                        continue;
                    case IPatternCaseClauseOperation pattern when IsConstantPattern(pattern.Pattern) && pattern.Guard is null:
                        continue;
                    default:
                        return false;
                }
            }
        }

        return true;
    }

    private static bool IsConstantPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => constant.Value.ConstantValue.HasValue,
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => IsConstantPattern(or.LeftPattern) && IsConstantPattern(or.RightPattern),
        _ => false,
    };

    /// <summary>
    /// A length cap written as a pattern: <c>value.Length is 0 or &gt; 16</c>, <c>value.Length is &gt; 0 and &lt;= 64</c>,
    /// <c>value is { Length: &lt;= 64 }</c>, <c>value is not { Length: &gt; 0 and &lt;= 32 }</c>.
    /// </summary>
    private static bool CapsLength(IIsPatternOperation isPattern, ISymbol symbol)
    {
        if (IsLengthOf(isPattern.Value, symbol))
        {
            return HasRelationalBound(isPattern.Pattern);
        }

        if (!isPattern.Value.IsReferenceTo(symbol))
        {
            return false;
        }

        return HasLengthSubpattern(isPattern.Pattern);

        static bool HasLengthSubpattern(IPatternOperation pattern)
        {
            switch (pattern)
            {
                case IRecursivePatternOperation recursive:
                    foreach (var sub in recursive.PropertySubpatterns)
                    {
                        if (sub.Member is IPropertyReferenceOperation { Property.Name: "Length" or "Count" } && HasRelationalBound(sub.Pattern))
                        {
                            return true;
                        }
                    }

                    return false;
                case INegatedPatternOperation negated:
                    return HasLengthSubpattern(negated.Pattern);
                case IBinaryPatternOperation binary:
                    return HasLengthSubpattern(binary.LeftPattern) || HasLengthSubpattern(binary.RightPattern);
                default:
                    return false;
            }
        }
    }

    private static bool HasRelationalBound(IPatternOperation pattern) => pattern switch
    {
        IRelationalPatternOperation relational => relational.Value.ConstantValue.HasValue,
        IBinaryPatternOperation binary => HasRelationalBound(binary.LeftPattern) || HasRelationalBound(binary.RightPattern),
        INegatedPatternOperation negated => HasRelationalBound(negated.Pattern),
        _ => false,
    };

    private static bool IsLengthOf(IOperation operand, ISymbol symbol) =>
        operand.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Length" or "Count" } length && length.Instance.IsReferenceTo(symbol);

    private static bool IsBoundProperty(IPropertySymbol property) =>
        SymbolNames.HasAttribute(property, "Microsoft.AspNetCore.Mvc", "BindPropertyAttribute") ||
        SymbolNames.HasAttribute(property, "Microsoft.AspNetCore.Mvc", "FromQueryAttribute") ||
        SymbolNames.HasAttribute(property, "Microsoft.AspNetCore.Mvc", "FromRouteAttribute") ||
        SymbolNames.HasAttribute(property, "Microsoft.AspNetCore.Mvc", "FromFormAttribute") ||
        SymbolNames.HasAttribute(property, "Microsoft.AspNetCore.Mvc", "FromHeaderAttribute") ||
        (property.ContainingType is { } type && SymbolNames.HasAttribute(type, "Microsoft.AspNetCore.Mvc", "BindPropertiesAttribute") && property.SetMethod is not null);

    /// <summary>
    /// Model validation that caps the length and checks the charset (<c>[StringLength]</c>/<c>[MaxLength]</c>/<c>[Length]</c> plus
    /// <c>[RegularExpression]</c>, or <c>[AllowedValues]</c>), enforced before the action runs by <c>[ApiController]</c>.
    /// </summary>
    private static bool HasValidationAttributes(ISymbol symbol)
    {
        bool length = false, charset = false;
        foreach (var attribute in symbol.GetAttributes())
        {
            switch (attribute.AttributeClass?.Name)
            {
                case "StringLengthAttribute" or "MaxLengthAttribute" or "LengthAttribute":
                    length = true;
                    break;
                case "RegularExpressionAttribute":
                    charset = true;
                    break;
                case "AllowedValuesAttribute":
                    return true;
            }
        }

        return length && charset;
    }

    private static bool IsHash(INamedTypeSymbol type)
    {
        if (SymbolNames.IsInNamespace(type.ContainingNamespace, "System.IO.Hashing"))
        {
            return true;
        }

        return SymbolNames.IsInNamespace(type.ContainingNamespace, "System.Security.Cryptography") &&
               (type.Name.StartsWith("SHA", StringComparison.Ordinal) || type.Name.StartsWith("HMAC", StringComparison.Ordinal) ||
                type.Name is "MD5" or "HashAlgorithm" or "IncrementalHash" or "CryptographicOperations");
    }

    /// <summary>True for numeric, enum, bool, char, Guid and date/time types: values whose text form cannot carry arbitrary input.</summary>
    public static bool IsTypedScalar(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_DateTime:
                return true;
        }

        return SymbolNames.Is(type, "System", "Guid") || SymbolNames.Is(type, "System", "DateTimeOffset") ||
               SymbolNames.Is(type, "System", "DateOnly") || SymbolNames.Is(type, "System", "TimeOnly") ||
               SymbolNames.Is(type, "System", "TimeSpan") || SymbolNames.Is(type, "System", "Int128") || SymbolNames.Is(type, "System", "UInt128");
    }

    private bool IsConfiguredSource(ISymbol member)
    {
        if (_configuredSources.IsEmpty || member.ContainingType is null)
        {
            return false;
        }

        var typeName = member.ContainingType.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        foreach (var source in _configuredSources)
        {
            if (string.Equals(source, typeName, StringComparison.Ordinal) ||
                (source.Length == typeName.Length + 1 + member.Name.Length &&
                 source.StartsWith(typeName, StringComparison.Ordinal) && source[typeName.Length] == '.' &&
                 source.EndsWith(member.Name, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
