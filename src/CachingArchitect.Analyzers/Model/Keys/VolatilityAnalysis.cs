using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Keys;

/// <summary>Whether a key component changes on every evaluation.</summary>
internal enum VolatilityKind
{
    /// <summary>No volatile source found.</summary>
    None,

    /// <summary>Current time deliberately bucketed to ≥ 1 minute (a format like <c>yyyyMMddHH</c>, <c>.Date</c>, <c>Ticks / TicksPerHour</c>).</summary>
    TimeBucket,

    /// <summary>Changes on every evaluation: raw current time, new GUIDs, random values, tick counts, counters, process-seeded hashes.</summary>
    Volatile,
}

/// <summary>The result of <see cref="VolatilityAnalysis.Analyze"/>.</summary>
internal readonly struct VolatilityResult
{
    public VolatilityResult(VolatilityKind kind, bool isTime, string? reason, IOperation? source, string? bucket)
    {
        Kind = kind;
        IsTime = isTime;
        Reason = reason;
        Source = source;
        Bucket = bucket;
    }

    public VolatilityKind Kind { get; }

    /// <summary>True when the volatile value is (derived from) the current time.</summary>
    public bool IsTime { get; }

    /// <summary>The source as written in code: <c>DateTime.UtcNow</c>, <c>Guid.NewGuid()</c>, <c>string.GetHashCode()</c>.</summary>
    public string? Reason { get; }

    public IOperation? Source { get; }

    /// <summary>For time buckets: the format or period (<c>yyyyMMddHH</c>, <c>1d</c>, <c>3600s</c>).</summary>
    public string? Bucket { get; }
}

/// <summary>
/// Finds volatile sources in a key component (CACHE010): <c>DateTime.Now/UtcNow/Today</c>, <c>DateTimeOffset.Now/UtcNow</c>,
/// <c>TimeProvider.GetUtcNow/GetLocalNow</c>, <c>Guid.NewGuid/CreateVersion7</c>, <c>Random</c>, <c>RandomNumberGenerator</c>,
/// <c>Stopwatch.GetTimestamp</c>, <c>Environment.TickCount[64]</c>, <c>Interlocked.*</c>, <c>GetHashCode</c> of strings and of
/// reference types without an override, <c>HashCode</c> (per-process seed). Time formatted or reduced to ≥ 1 minute is a bucket,
/// not volatile; so are <c>Random.Next(n)</c>/<c>% n</c> with a small constant <c>n</c> (hot-key sharding).
/// </summary>
internal sealed class VolatilityAnalysis
{
    private const int MaxDepth = 24;
    private const int SmallBound = 1024;

    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);

    private enum K
    {
        None,
        Bucket,
        Instant,
        Number,
        Volatile,
    }

    /// <summary>Analyzes <paramref name="value"/> rendered with the composite format <paramref name="format"/> (null: default).</summary>
    public static VolatilityResult Analyze(IOperation value, string? format)
    {
        var v = new VolatilityAnalysis().Visit(value, 0);
        v = Render(v, format, formatKnown: true);
        return v.Kind switch
        {
            K.Bucket => new VolatilityResult(VolatilityKind.TimeBucket, true, v.Reason, v.Source, v.Bucket),
            K.Volatile => new VolatilityResult(VolatilityKind.Volatile, v.IsTime, v.Reason, v.Source, null),
            _ => default,
        };
    }

    private static V Render(V v, string? format, bool formatKnown)
    {
        switch (v.Kind)
        {
            case K.Instant:
                if (!formatKnown)
                {
                    return V.None;
                }

                var unit = TimeFormat.FinestUnit(format);
                var effective = unit > v.Unit ? unit : v.Unit;
                return effective >= TimeFormat.Unit.Minute
                    ? new V(K.Bucket, v.Unit, 0, v.Reason, v.Source, true, string.IsNullOrEmpty(format) ? effective.ToString().ToLowerInvariant() : format)
                    : new V(K.Volatile, v.Unit, 0, v.Reason, v.Source, true, null);
            case K.Number:
                return new V(K.Volatile, v.Unit, 0, v.Reason, v.Source, true, null);
            default:
                return v;
        }
    }

    private V Visit(IOperation? op, int depth)
    {
        if (op is null || depth > MaxDepth || op.ConstantValue.HasValue)
        {
            return V.None;
        }

        switch (op)
        {
            case IConversionOperation conversion:
                return Visit(conversion.Operand, depth + 1);
            case IParenthesizedOperation parenthesized:
                return Visit(parenthesized.Operand, depth + 1);
            case IAwaitOperation awaited:
                return Visit(awaited.Operation, depth + 1);
            case IPropertyReferenceOperation property:
                return Property(property, depth);
            case IInvocationOperation invocation:
                return Invocation(invocation, depth);
            case IBinaryOperation binary:
                return Binary(binary, depth);
            case IInterpolatedStringHandlerCreationOperation handler:
                return Visit(handler.Content, depth + 1);
            case IInterpolatedStringOperation interpolated:
                var result = V.None;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        var format = hole.FormatString?.ConstantValue.Value as string;
                        result = Worst(result, Render(Visit(hole.Expression, depth + 1), format, hole.FormatString is null || format is not null));
                    }
                    else if (part is IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation append } && append.GetArgument("value") is { } appended)
                    {
                        var formatArgument = append.GetArgument("format");
                        var format = formatArgument?.Value.ConstantValue.Value as string;
                        result = Worst(result, Render(Visit(appended.Value, depth + 1), format, formatArgument is null || formatArgument.ArgumentKind == ArgumentKind.DefaultValue || format is not null));
                    }
                }

                return result;
            case IConditionalOperation conditional:
                return Worst(Visit(conditional.WhenTrue, depth + 1), Visit(conditional.WhenFalse, depth + 1));
            case ICoalesceOperation coalesce:
                return Worst(Visit(coalesce.Value, depth + 1), Visit(coalesce.WhenNull, depth + 1));
            case ILocalReferenceOperation local:
                if (!_visiting.Add(local.Local))
                {
                    return V.None;
                }

                try
                {
                    var assigned = ValueTracer.GetSingleAssignment(local.Local, local);
                    return assigned is null ? V.None : Visit(assigned, depth + 1);
                }
                finally
                {
                    _visiting.Remove(local.Local);
                }

            default:
                // Fields (a readonly start-up timestamp is stable for the process), parameters and anything else: not volatile.
                return V.None;
        }
    }

    private V Property(IPropertyReferenceOperation reference, int depth)
    {
        var property = reference.Property;
        var type = property.ContainingType;
        var isDateTime = type.SpecialType == SpecialType.System_DateTime;
        var isOffset = SymbolNames.Is(type, "System", "DateTimeOffset");
        if (property.IsStatic)
        {
            if (isDateTime || isOffset)
            {
                var prefix = isDateTime ? "DateTime." : "DateTimeOffset.";
                return property.Name switch
                {
                    "Now" or "UtcNow" => new V(K.Instant, TimeFormat.Unit.SubSecond, 0, prefix + property.Name, reference, true, null),
                    "Today" => new V(K.Instant, TimeFormat.Unit.Day, 0, prefix + property.Name, reference, true, null),
                    _ => V.None,
                };
            }

            if (SymbolNames.Is(type, "System", "Environment") && property.Name is "TickCount" or "TickCount64")
            {
                return new V(K.Number, TimeFormat.Unit.SubSecond, TimeSpan.TicksPerMillisecond, "Environment." + property.Name, reference, true, null);
            }

            return V.None;
        }

        if (!(isDateTime || isOffset))
        {
            return V.None;
        }

        var receiver = Visit(reference.Instance, depth + 1);
        if (receiver.Kind != K.Instant)
        {
            return receiver.Kind == K.Volatile ? receiver : V.None;
        }

        TimeFormat.Unit component;
        switch (property.Name)
        {
            case "Date":
                return receiver.WithUnit(Max(receiver.Unit, TimeFormat.Unit.Day));
            case "DateTime" or "UtcDateTime" or "LocalDateTime" or "TimeOfDay":
                return receiver;
            case "Ticks" or "UtcTicks":
                return receiver.Unit >= TimeFormat.Unit.Minute
                    ? receiver.ToBucket(receiver.Unit.ToString().ToLowerInvariant())
                    : new V(K.Number, receiver.Unit, 1, receiver.Reason, receiver.Source, true, null);
            case "Year":
                component = TimeFormat.Unit.Year;
                break;
            case "Month":
                component = TimeFormat.Unit.Month;
                break;
            case "Day" or "DayOfWeek" or "DayOfYear":
                component = TimeFormat.Unit.Day;
                break;
            case "Hour":
                component = TimeFormat.Unit.Hour;
                break;
            case "Minute":
                component = TimeFormat.Unit.Minute;
                break;
            default:
                component = TimeFormat.Unit.SubSecond; // Second, Millisecond, Microsecond, Nanosecond
                break;
        }

        return Max(component, receiver.Unit) >= TimeFormat.Unit.Minute
            ? receiver.ToBucket(property.Name)
            : new V(K.Volatile, receiver.Unit, 0, receiver.Reason, receiver.Source, true, null);
    }

    private V Invocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return V.None;
        }

        var name = method.Name;
        var receiverType = invocation.Instance?.Type;

        if (SymbolNames.IsOrDerivesFrom(receiverType ?? type, "System", "TimeProvider"))
        {
            return name switch
            {
                "GetUtcNow" or "GetLocalNow" => new V(K.Instant, TimeFormat.Unit.SubSecond, 0, "TimeProvider." + name + "()", invocation, true, null),
                "GetTimestamp" => new V(K.Number, TimeFormat.Unit.SubSecond, 1, "TimeProvider.GetTimestamp()", invocation, true, null),
                _ => V.None,
            };
        }

        if (SymbolNames.Is(type, "System", "Guid") && method.IsStatic)
        {
            return name is "NewGuid" or "CreateVersion7" ? Volatile("Guid." + name + "()", invocation) : V.None;
        }

        if (SymbolNames.IsOrDerivesFrom(receiverType ?? type, "System", "Random"))
        {
            if (name is "Next" or "NextInt64" && HasSmallConstantBound(invocation, "maxValue"))
            {
                return V.None;
            }

            return name.StartsWith("Next", StringComparison.Ordinal) || name is "GetItems" or "GetHexString" or "GetString"
                ? Volatile(ReceiverText(invocation, "Random") + "." + name + "()", invocation)
                : V.None;
        }

        if (SymbolNames.IsOrDerivesFrom(type, "System.Security.Cryptography", "RandomNumberGenerator"))
        {
            return name == "GetInt32" && HasSmallConstantBound(invocation, "toExclusive") ? V.None : Volatile("RandomNumberGenerator." + name + "()", invocation);
        }

        if (SymbolNames.Is(type, "System.Diagnostics", "Stopwatch") && method.IsStatic && name == "GetTimestamp")
        {
            return new V(K.Number, TimeFormat.Unit.SubSecond, 1, "Stopwatch.GetTimestamp()", invocation, true, null);
        }

        if (SymbolNames.Is(type, "System.Threading", "Interlocked") && name is "Increment" or "Decrement" or "Add")
        {
            return Volatile("Interlocked." + name + "()", invocation);
        }

        if (SymbolNames.Is(type, "System", "HashCode"))
        {
            return Volatile("HashCode." + name + "() (per-process seed)", invocation);
        }

        if (name == "GetHashCode")
        {
            if (invocation.Instance is null)
            {
                return V.None;
            }

            if (SymbolNames.IsOrDerivesFrom(receiverType, "System", "StringComparer") || SymbolNames.IsOrImplements(receiverType, "System.Collections.Generic", "IEqualityComparer"))
            {
                return invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.WalkDownConversions().Type?.SpecialType == SpecialType.System_String
                    ? Volatile("StringComparer.GetHashCode(string)", invocation)
                    : V.None;
            }

            var instanceType = invocation.Instance.WalkDownConversions().Type;
            if (instanceType is null || invocation.Arguments.Length != 0)
            {
                return V.None;
            }

            if (instanceType.SpecialType == SpecialType.System_String)
            {
                return Volatile("string.GetHashCode()", invocation);
            }

            if (instanceType.IsAnonymousType)
            {
                return Volatile("GetHashCode() of an anonymous object", invocation);
            }

            if (instanceType.IsReferenceType && type.SpecialType == SpecialType.System_Object && instanceType.TypeKind is TypeKind.Class or TypeKind.Interface or TypeKind.Array)
            {
                return Volatile("object.GetHashCode() of a reference type", invocation);
            }

            return V.None;
        }

        var receiver = invocation.Instance is null ? V.None : Visit(invocation.Instance, depth + 1);
        if (receiver.Kind == K.Instant && (type.SpecialType == SpecialType.System_DateTime || SymbolNames.Is(type, "System", "DateTimeOffset")))
        {
            switch (name)
            {
                case "ToString":
                    var formatArgument = invocation.GetArgument("format");
                    if (formatArgument is null)
                    {
                        return Render(receiver, null, formatKnown: true);
                    }

                    var format = formatArgument.Value.ConstantValue.Value as string;
                    return Render(receiver, format, formatKnown: formatArgument.Value.ConstantValue.HasValue);
                case "ToShortDateString" or "ToLongDateString":
                    return Render(receiver, "d", formatKnown: true);
                case "ToShortTimeString":
                    return Render(receiver, "t", formatKnown: true);
                case "ToLongTimeString":
                    return Render(receiver, "T", formatKnown: true);
                case "ToUnixTimeSeconds":
                    return receiver.Unit >= TimeFormat.Unit.Minute ? receiver.ToBucket(receiver.Unit.ToString().ToLowerInvariant())
                        : new V(K.Number, receiver.Unit, TimeSpan.TicksPerSecond, receiver.Reason, receiver.Source, true, null);
                case "ToUnixTimeMilliseconds":
                    return receiver.Unit >= TimeFormat.Unit.Minute ? receiver.ToBucket(receiver.Unit.ToString().ToLowerInvariant())
                        : new V(K.Number, receiver.Unit, TimeSpan.TicksPerMillisecond, receiver.Reason, receiver.Source, true, null);
                case "ToFileTime" or "ToFileTimeUtc" or "ToBinary" or "ToOADate":
                    return receiver.Unit >= TimeFormat.Unit.Minute ? receiver.ToBucket(receiver.Unit.ToString().ToLowerInvariant())
                        : new V(K.Number, receiver.Unit, 1, receiver.Reason, receiver.Source, true, null);
                default:
                    // AddMinutes, ToUniversalTime, ToOffset…: still the same instant granularity.
                    return name.StartsWith("Add", StringComparison.Ordinal) || name.StartsWith("To", StringComparison.Ordinal) || name == "Subtract"
                        ? receiver
                        : V.None;
            }
        }

        if (!IsPropagating(type))
        {
            return V.None;
        }

        var result = receiver.Kind == K.Instant ? Render(receiver, null, formatKnown: true) : receiver;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is { } parameterType && SymbolNames.Is(parameterType, "System", "IFormatProvider"))
            {
                continue;
            }

            result = Worst(result, Visit(argument.Value, depth + 1));
        }

        if (name == "ToString" && result.Kind == K.Number)
        {
            return result;
        }

        return result;
    }

    private V Binary(IBinaryOperation binary, int depth)
    {
        var left = Visit(binary.LeftOperand, depth + 1);
        var right = Visit(binary.RightOperand, depth + 1);
        var constant = ConstantFolding.TryGetNumber(binary.RightOperand, out var divisor) ? divisor : (double?)null;
        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.Divide when left.Kind == K.Number && constant is > 0:
                var period = left.TicksPerUnit * constant.Value;
                return period >= TimeSpan.TicksPerMinute
                    ? left.ToBucket(((long)(period / TimeSpan.TicksPerSecond)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s")
                    : new V(K.Number, left.Unit, period, left.Reason, left.Source, true, null);
            case BinaryOperatorKind.Remainder when constant is > 0 and <= SmallBound:
                return V.None;
            case BinaryOperatorKind.Multiply or BinaryOperatorKind.Add or BinaryOperatorKind.Subtract when left.Kind is K.Bucket or K.Number && constant is not null:
                return left;
            default:
                if (binary.Type?.SpecialType == SpecialType.System_String)
                {
                    return Worst(Render(left, null, formatKnown: true), Render(right, null, formatKnown: true));
                }

                return Worst(left, right);
        }
    }

    private static bool HasSmallConstantBound(IInvocationOperation invocation, string parameterName)
    {
        var argument = invocation.GetArgument(parameterName);
        return argument is not null && ConstantFolding.TryGetNumber(argument.Value, out var bound) && bound <= SmallBound;
    }

    private static bool IsPropagating(INamedTypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
            case SpecialType.System_Object:
                return true;
        }

        return SymbolNames.Is(type, "System", "Guid") || SymbolNames.Is(type, "System", "Math") || SymbolNames.Is(type, "System", "Convert") ||
               SymbolNames.Is(type, "System", "BitConverter") || SymbolNames.IsOrDerivesFrom(type, "System.Text", "Encoding") ||
               SymbolNames.IsInNamespace(type.ContainingNamespace, "System.IO.Hashing") ||
               (SymbolNames.IsInNamespace(type.ContainingNamespace, "System.Security.Cryptography") && type.Name.StartsWith("SHA", StringComparison.Ordinal)) ||
               SymbolNames.Is(type, "System", "MemoryExtensions");
    }

    private static string ReceiverText(IInvocationOperation invocation, string fallback) =>
        invocation.Instance is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Shared" } } ? "Random.Shared" : fallback;

    private static V Volatile(string reason, IOperation source) => new(K.Volatile, TimeFormat.Unit.SubSecond, 0, reason, source, false, null);

    private static TimeFormat.Unit Max(TimeFormat.Unit a, TimeFormat.Unit b) => a > b ? a : b;

    private static V Worst(V a, V b) => b.Kind > a.Kind ? b : a;

    private readonly struct V
    {
        public V(K kind, TimeFormat.Unit unit, double ticksPerUnit, string? reason, IOperation? source, bool isTime, string? bucket)
        {
            Kind = kind;
            Unit = unit;
            TicksPerUnit = ticksPerUnit;
            Reason = reason;
            Source = source;
            IsTime = isTime;
            Bucket = bucket;
        }

        public static V None => default;

        public K Kind { get; }

        public TimeFormat.Unit Unit { get; }

        public double TicksPerUnit { get; }

        public string? Reason { get; }

        public IOperation? Source { get; }

        public bool IsTime { get; }

        public string? Bucket { get; }

        public V WithUnit(TimeFormat.Unit unit) => new(Kind, unit, TicksPerUnit, Reason, Source, IsTime, Bucket);

        public V ToBucket(string bucket) => new(K.Bucket, Unit, TicksPerUnit, Reason, Source, true, bucket);
    }
}
