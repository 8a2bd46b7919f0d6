using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model.Schema;

/// <summary>The kinds of key-part domains the Schema rules distinguish.</summary>
internal enum KeyPartKind
{
    /// <summary>An integral type, rendered invariantly as <c>-?[0-9]+</c>.</summary>
    Integer,

    /// <summary><c>bool</c>: two values.</summary>
    Boolean,

    /// <summary><c>char</c>: one character.</summary>
    Char,

    /// <summary><c>Guid</c>: 36 characters of hex digits and dashes.</summary>
    Guid,

    /// <summary>An enum: its member names.</summary>
    Enum,

    /// <summary><c>DateOnly</c>: a calendar day, a bounded and stable domain.</summary>
    DateOnly,

    /// <summary><c>string</c>: any non-empty text without separator, braces, glob characters, whitespace or control characters (checked at run time).</summary>
    String,

    /// <summary><c>DateTime</c>, <c>DateTimeOffset</c>, <c>TimeOnly</c>, <c>TimeSpan</c>: timestamps and durations.</summary>
    Volatile,

    /// <summary><c>float</c>, <c>double</c>, <c>decimal</c>: equal values can render differently.</summary>
    Floating,

    /// <summary><c>object</c>, <c>dynamic</c>: any value of any type.</summary>
    Object,

    /// <summary>Arrays and collections.</summary>
    Collection,

    /// <summary>A type that implements <c>IFormattable</c> (strongly-typed ids with their own formatting).</summary>
    Formattable,

    /// <summary>Any other type: rendered through <c>ToString()</c>.</summary>
    Other,

    /// <summary>An error type (broken code): no rule reasons about it.</summary>
    Unknown,
}

/// <summary>
/// What values a key-method parameter can render to: the facts behind CACHE082 (unbounded/volatile parts), CACHE085 (collisions)
/// and CACHE086 (maximum key length).
/// </summary>
internal sealed class KeyPartDomain
{
    /// <summary>The bound the generator applies to a string part without <c>[CacheKeyPart(MaxLength = n)]</c>.</summary>
    public const int DefaultStringMaxLength = 256;

    private KeyPartDomain(KeyPartKind kind, ITypeSymbol type)
    {
        Kind = kind;
        Type = type;
    }

    public KeyPartKind Kind { get; }

    /// <summary>The parameter type, with <c>Nullable&lt;T&gt;</c> unwrapped.</summary>
    public ITypeSymbol Type { get; }

    /// <summary>True for <c>Nullable&lt;T&gt;</c> parameters (a null renders differently from every value of T).</summary>
    public bool IsNullable { get; private set; }

    /// <summary>The declared <c>[CacheKeyPart(MaxLength = n)]</c> of a string part, or null.</summary>
    public int? DeclaredMaxLength { get; private set; }

    /// <summary>The syntax of the <c>[CacheKeyPart]</c> attribute, when present.</summary>
    public AttributeData? KeyPartAttribute { get; private set; }

    /// <summary>Enum member names (for <see cref="KeyPartKind.Enum"/>); empty for [Flags] enums, whose combinations render as lists.</summary>
    public ImmutableArray<string> EnumNames { get; private set; } = ImmutableArray<string>.Empty;

    /// <summary>True for a [Flags] enum.</summary>
    public bool IsFlagsEnum { get; private set; }

    /// <summary>The longest rendered text, or null when it cannot be bounded.</summary>
    public int? MaxRenderedLength { get; private set; }

    public static KeyPartDomain Of(IParameterSymbol parameter, CacheSymbols symbols)
    {
        var type = parameter.Type;
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } wrapped)
        {
            type = wrapped.TypeArguments[0];
            nullable = true;
        }

        var domain = Classify(type);
        domain.IsNullable = nullable;
        foreach (var attribute in parameter.GetAttributes())
        {
            if (symbols.CacheKeyPartAttribute is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.CacheKeyPartAttribute))
            {
                domain.KeyPartAttribute = attribute;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "MaxLength" && named.Value.Value is int max)
                    {
                        domain.DeclaredMaxLength = max;
                    }
                }
            }
        }

        domain.MaxRenderedLength = domain.ComputeMaxLength();
        return domain;
    }

    /// <summary>True when <see cref="DeclaredMaxLength"/> is a valid bound (1–1024).</summary>
    public bool HasValidBound => DeclaredMaxLength is >= 1 and <= 1024;

    /// <summary>The bound a string part has at run time: the declared one, else the generator's default.</summary>
    public int StringMaxLength => HasValidBound ? DeclaredMaxLength!.Value : DefaultStringMaxLength;

    private static KeyPartDomain Classify(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return new KeyPartDomain(KeyPartKind.Integer, type);
            case SpecialType.System_Boolean:
                return new KeyPartDomain(KeyPartKind.Boolean, type);
            case SpecialType.System_Char:
                return new KeyPartDomain(KeyPartKind.Char, type);
            case SpecialType.System_String:
                return new KeyPartDomain(KeyPartKind.String, type);
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return new KeyPartDomain(KeyPartKind.Floating, type);
            case SpecialType.System_Object:
                return new KeyPartDomain(KeyPartKind.Object, type);
            case SpecialType.System_DateTime:
                return new KeyPartDomain(KeyPartKind.Volatile, type);
        }

        if (type.TypeKind == TypeKind.Error)
        {
            return new KeyPartDomain(KeyPartKind.Unknown, type);
        }

        if (type.TypeKind == TypeKind.Dynamic)
        {
            return new KeyPartDomain(KeyPartKind.Object, type);
        }

        // The generator renders an enum as its underlying number (stable under renames, no allocation; docs/key-schema.md),
        // and an enum variable can hold any value of that type: its domain is the underlying integer type's.
        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
        {
            return new KeyPartDomain(KeyPartKind.Integer, underlying);
        }

        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol enumType)
        {
            var domain = new KeyPartDomain(KeyPartKind.Enum, type);
            foreach (var attribute in enumType.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "FlagsAttribute" } flags && flags.ContainingNamespace?.ToDisplayString() == "System")
                {
                    domain.IsFlagsEnum = true;
                }
            }

            if (!domain.IsFlagsEnum)
            {
                var names = ImmutableArray.CreateBuilder<string>();
                foreach (var member in enumType.GetMembers())
                {
                    if (member is IFieldSymbol { HasConstantValue: true } field)
                    {
                        names.Add(field.Name);
                    }
                }

                domain.EnumNames = names.ToImmutable();
            }

            return domain;
        }

        if (type is IArrayTypeSymbol)
        {
            return new KeyPartDomain(KeyPartKind.Collection, type);
        }

        if (type is INamedTypeSymbol named && IsInSystem(named))
        {
            switch (named.Name)
            {
                case "Guid" when named.Arity == 0:
                    return new KeyPartDomain(KeyPartKind.Guid, type);
                case "DateOnly" when named.Arity == 0:
                    return new KeyPartDomain(KeyPartKind.DateOnly, type);
                case "DateTimeOffset" or "TimeOnly" or "TimeSpan" when named.Arity == 0:
                    return new KeyPartDomain(KeyPartKind.Volatile, type);
                case "Half" or "Int128" or "UInt128" when named.Arity == 0:
                    return new KeyPartDomain(named.Name == "Half" ? KeyPartKind.Floating : KeyPartKind.Integer, type);
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (@interface.Name == "IEnumerable" && IsInSystemCollections(@interface))
            {
                return new KeyPartDomain(KeyPartKind.Collection, type);
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (@interface.Name == "IFormattable" && @interface.ContainingNamespace?.ToDisplayString() == "System")
            {
                return new KeyPartDomain(KeyPartKind.Formattable, type);
            }
        }

        return new KeyPartDomain(KeyPartKind.Other, type);
    }

    private int? ComputeMaxLength()
    {
        switch (Kind)
        {
            case KeyPartKind.Integer:
                return Type.SpecialType switch
                {
                    SpecialType.System_SByte => 4,
                    SpecialType.System_Byte => 3,
                    SpecialType.System_Int16 => 6,
                    SpecialType.System_UInt16 => 5,
                    SpecialType.System_Int32 => 11,
                    SpecialType.System_UInt32 => 10,
                    SpecialType.System_Int64 or SpecialType.System_IntPtr => 20,
                    SpecialType.System_UInt64 or SpecialType.System_UIntPtr => 20,
                    _ => 40,
                };
            case KeyPartKind.Boolean:
                return 5;
            case KeyPartKind.Char:
                return 1;
            case KeyPartKind.Guid:
                return 36;
            case KeyPartKind.DateOnly:
                return 10;
            case KeyPartKind.Enum when !EnumNames.IsDefaultOrEmpty:
                var max = 0;
                foreach (var name in EnumNames)
                {
                    max = Math.Max(max, name.Length);
                }

                return max;
            case KeyPartKind.String:
                return StringMaxLength;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when <paramref name="literal"/> is certainly one of this domain's renderings, whatever reasonable invariant formatting
    /// the generator uses (only integers, enum names and strings are decided; others answer false).
    /// </summary>
    public bool CertainlyRenders(string literal)
    {
        if (IsNullable || literal.Length == 0)
        {
            return false;
        }

        switch (Kind)
        {
            case KeyPartKind.Integer:
                return IsCanonicalInteger(literal) && FitsIntegerType(literal);
            case KeyPartKind.Enum:
                return !EnumNames.IsDefaultOrEmpty && EnumNames.Contains(literal);
            case KeyPartKind.String:
                return literal.Length <= StringMaxLength && IsValidStringPart(literal);
            default:
                return false;
        }
    }

    /// <summary>True when this domain and <paramref name="other"/> certainly share a rendering (a value of each renders the same text).</summary>
    public bool CertainlyOverlaps(KeyPartDomain other)
    {
        if (IsNullable || other.IsNullable)
        {
            return false;
        }

        if (Kind == KeyPartKind.String)
        {
            return other.AnyRenderingFitsString(StringMaxLength);
        }

        if (other.Kind == KeyPartKind.String)
        {
            return AnyRenderingFitsString(other.StringMaxLength);
        }

        if (Kind != other.Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case KeyPartKind.Integer:
                return true; // "0" is a value of every integral type.
            case KeyPartKind.Boolean:
            case KeyPartKind.Char:
            case KeyPartKind.Guid:
            case KeyPartKind.DateOnly:
                return true;
            case KeyPartKind.Enum:
                if (EnumNames.IsDefaultOrEmpty || other.EnumNames.IsDefaultOrEmpty)
                {
                    return false;
                }

                foreach (var name in EnumNames)
                {
                    if (other.EnumNames.Contains(name))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True when some value of this domain renders a text that a string part bounded by <paramref name="maxLength"/> can also hold.</summary>
    private bool AnyRenderingFitsString(int maxLength)
    {
        switch (Kind)
        {
            case KeyPartKind.Integer:
            case KeyPartKind.Char:
                return maxLength >= 1;
            case KeyPartKind.String:
                return true;
            case KeyPartKind.Boolean:
                return maxLength >= 4;
            case KeyPartKind.DateOnly:
                return maxLength >= 10;
            case KeyPartKind.Guid:
                return maxLength >= 36;
            case KeyPartKind.Enum:
                if (EnumNames.IsDefaultOrEmpty)
                {
                    return false;
                }

                foreach (var name in EnumNames)
                {
                    if (name.Length <= maxLength)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True when the runtime check <c>CacheKeyParts.Check</c> accepts <paramref name="text"/> (length aside).</summary>
    public static bool IsValidStringPart(string text)
    {
        foreach (var c in text)
        {
            if (c is ':' or '{' or '}' or '*' or '?' or '[' or ']' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static bool IsCanonicalInteger(string text)
    {
        var digits = text[0] == '-' ? 1 : 0;
        if (text.Length == digits)
        {
            return false;
        }

        for (var i = digits; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        // No leading zeros, and no "-0".
        return !(text[digits] == '0' && (text.Length > digits + 1 || digits == 1));
    }

    private bool FitsIntegerType(string text)
    {
        if (text[0] == '-')
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var negative))
            {
                return false;
            }

            return Type.SpecialType switch
            {
                SpecialType.System_SByte => negative >= sbyte.MinValue,
                SpecialType.System_Int16 => negative >= short.MinValue,
                SpecialType.System_Int32 => negative >= int.MinValue,
                SpecialType.System_Int64 or SpecialType.System_IntPtr => true,
                _ => false,
            };
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        return Type.SpecialType switch
        {
            SpecialType.System_SByte => value <= (ulong)sbyte.MaxValue,
            SpecialType.System_Byte => value <= byte.MaxValue,
            SpecialType.System_Int16 => value <= (ulong)short.MaxValue,
            SpecialType.System_UInt16 => value <= ushort.MaxValue,
            SpecialType.System_Int32 => value <= int.MaxValue,
            SpecialType.System_UInt32 => value <= uint.MaxValue,
            SpecialType.System_Int64 or SpecialType.System_IntPtr => value <= long.MaxValue,
            SpecialType.System_UInt64 or SpecialType.System_UIntPtr => true,
            _ => value <= int.MaxValue,
        };
    }

    private static bool IsInSystem(INamedTypeSymbol type) =>
        type.ContainingNamespace is { Name: "System" } ns && ns.ContainingNamespace is { IsGlobalNamespace: true };

    private static bool IsInSystemCollections(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.Collections" or "System.Collections.Generic";
    }
}
