namespace CachingArchitect.Generators.Model
{
    /// <summary>What the target compilation offers the emitter (selected once per compilation; value-equatable).</summary>
    /// <param name="SupportsSpanFormatting">
    /// True when <c>System.Runtime.CompilerServices.DefaultInterpolatedStringHandler</c> and
    /// <c>string.Create(IFormatProvider, Span&lt;char&gt;, ref DefaultInterpolatedStringHandler)</c> exist (net6+) and the
    /// language version is C# 10 or later: keys are then formatted into a stack buffer and only the string is allocated.
    /// </param>
    internal sealed record TargetFacts(bool SupportsSpanFormatting);

    /// <summary>One type that contains the key method, from the outermost type to the schema class itself.</summary>
    /// <param name="Keyword">The declaration keyword(s) with modifiers, e.g. <c>static partial class</c>, <c>partial record struct</c>.</param>
    /// <param name="Name">The (escaped) type name with its type parameter list, e.g. <c>Outer&lt;T&gt;</c>.</param>
    internal sealed record ContainingType(string Keyword, string Name);

    /// <summary>The schema class of a key: where it is and what its <c>[CacheKeySchema]</c> says.</summary>
    /// <param name="Namespace">The namespace, empty for the global namespace.</param>
    /// <param name="Types">The containing types, outermost first; the last is the schema class.</param>
    /// <param name="FullName">The full type name (namespace and containing types, dotted), as <c>CacheSchema.Name</c>.</param>
    /// <param name="HintName">The unique file name of the generated source.</param>
    internal sealed record SchemaInfo(
        string Namespace,
        EquatableArray<ContainingType> Types,
        string FullName,
        string HintName,
        string? Prefix,
        int Version);

    /// <summary>How a placeholder's parameter is formatted into the key (see docs/key-schema.md).</summary>
    internal enum FormatKind
    {
        /// <summary>A value with invariant <c>IFormattable</c>/<c>ISpanFormattable</c> formatting: integral types, decimal, float, double, Guid (D), TimeSpan (c), and other IFormattable types.</summary>
        Formattable,

        /// <summary><c>true</c>/<c>false</c>, lowercase.</summary>
        Boolean,

        /// <summary>The character itself.</summary>
        Char,

        /// <summary>The underlying integral value of an enum (stable under renames, no whitespace of flag names).</summary>
        Enum,

        /// <summary><c>yyyy-MM-dd</c>.</summary>
        DateOnly,

        /// <summary>Round-trip <c>O</c> format.</summary>
        RoundTripDate,

        /// <summary>A string, checked by <c>CacheKeyParts.Check</c> against its bound.</summary>
        String,

        /// <summary>Anything else: <c>ToString()</c> (empty for null).</summary>
        Other,

        /// <summary>A ref struct (e.g. a span): formatted with <c>ToString()</c>, never through the interpolation handler.</summary>
        RefStruct,

        /// <summary>Cannot be formatted (pointers): the placeholder stays literal text.</summary>
        Unsupported,
    }

    /// <summary>One parameter of a key method.</summary>
    /// <param name="Name">The name as C# source (escaped with <c>@</c> when a keyword).</param>
    /// <param name="MetadataName">The plain name, as in the template and in <c>CacheKeyDefinition.Parameters</c>.</param>
    /// <param name="Declaration">The full declaration for the implementing part, e.g. <c>in global::System.Guid id</c>.</param>
    /// <param name="Kind">How the value is formatted.</param>
    /// <param name="EnumUnderlyingType">For <see cref="FormatKind.Enum"/>: the underlying type, e.g. <c>global::System.Int32</c>.</param>
    /// <param name="IsNullableValueType">True for <c>Nullable&lt;T&gt;</c>.</param>
    /// <param name="IsValueType">True for a (non-nullable) value type.</param>
    /// <param name="IsOut">True for an <c>out</c> parameter (assigned <c>default</c> by the generated body).</param>
    /// <param name="MaxLength">For strings: the declared <c>[CacheKeyPart(MaxLength = n)]</c>, else 256.</param>
    /// <param name="HasPublicFormat">True when the (underlying) type has a public <c>ToString(string, IFormatProvider)</c>
    /// (the numeric primitives, Guid, TimeSpan): the <c>string.Concat</c> fallback then calls it without boxing.</param>
    /// <param name="MaxFormattedLength">For <see cref="FormatKind.Formattable"/>: the longest invariant text of the type (sizes the stack buffer).</param>
    internal sealed record ParameterModel(
        string Name,
        string MetadataName,
        string Declaration,
        FormatKind Kind,
        string? EnumUnderlyingType,
        bool IsNullableValueType,
        bool IsValueType,
        bool IsOut,
        int MaxLength,
        bool HasPublicFormat,
        int MaxFormattedLength);

    /// <summary>One implementable <c>[CacheKey]</c> method, with everything the emitter needs and nothing from the compilation.</summary>
    /// <param name="Modifiers">The modifiers of the implementing declaration, e.g. <c>public static partial</c>.</param>
    /// <param name="ReturnType">The return type as declared, fully qualified.</param>
    /// <param name="ValueType">For <c>CacheKey&lt;T&gt;</c>: <c>T</c> as a <c>typeof</c> operand; null for <c>CacheKey</c>.</param>
    /// <param name="TtlTicks">The parsed TTL in ticks; null when absent or unparsable.</param>
    /// <param name="MaxStalenessTicks">The parsed staleness bound in ticks; null when absent or unparsable.</param>
    internal sealed record KeyMethodModel(
        SchemaInfo Schema,
        string Name,
        string MetadataName,
        string Modifiers,
        string ReturnType,
        string? ValueType,
        EquatableArray<ParameterModel> Parameters,
        string Template,
        long? TtlTicks,
        int JitterPercent,
        int Strategy,
        long? MaxStalenessTicks,
        string? Justification);

    /// <summary>One schema class and its keys in declaration order: the unit of generated source.</summary>
    internal sealed record SchemaModel(SchemaInfo Schema, EquatableArray<KeyMethodModel> Keys);
}
