using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model.Keys;

/// <summary>What a key segment contributes to the key's cardinality (catalog §6.3).</summary>
internal enum KeySegmentKind
{
    /// <summary>Literal text (from a literal, a const, a readonly field or an interpolated-string text part).</summary>
    Constant,

    /// <summary>A typed value of bounded form: int, long, Guid from data, enum, bool, a time bucket, a hash, a claim, an allow-listed string.</summary>
    Bounded,

    /// <summary>A value that differs on every evaluation: current time below minute granularity, new GUIDs, random numbers, tick counts, process-seeded hashes (CACHE010).</summary>
    Volatile,

    /// <summary>Raw request data that reached the key through no sanitizer (CACHE011).</summary>
    ExternalInput,

    /// <summary>Anything the model cannot classify (a string parameter of a service method, a call result). Rules never report on it.</summary>
    Unknown,
}

/// <summary>The value shape of a dynamic segment: drives the placeholder, the maximum length and delimiter ambiguity (CACHE012).</summary>
internal enum KeyValueShape
{
    None,
    Integer,
    Floating,
    Guid,
    Enum,
    Bool,
    Char,
    DateTime,
    TimeBucket,
    Time,
    Hash,
    Choice,
    Claim,
    CheckedString,
    String,
    Other,
}

/// <summary>How a delimiter can be inserted in source before a segment (used by the CACHE012 fix).</summary>
internal enum KeyInsertionStyle
{
    /// <summary>Inside an interpolated string, right before the hole: insert the separator character itself.</summary>
    InsideString,

    /// <summary>Before the right operand of a string <c>+</c>: insert <c>":" + </c>.</summary>
    BinaryOperand,

    /// <summary>Before an argument of <c>string.Concat</c>: insert <c>":", </c>.</summary>
    Argument,

    /// <summary>Before the closing quote of a regular or verbatim string literal: insert the separator character.</summary>
    LiteralEnd,
}

/// <summary>A source position where a delimiter can be inserted.</summary>
internal readonly struct KeyInsertionPoint
{
    public KeyInsertionPoint(SyntaxTree tree, int position, KeyInsertionStyle style)
    {
        Tree = tree;
        Position = position;
        Style = style;
    }

    public SyntaxTree Tree { get; }

    public int Position { get; }

    public KeyInsertionStyle Style { get; }
}

/// <summary>
/// One constant or dynamic part of a decomposed key. Constant segments carry <see cref="Text"/>; dynamic segments carry
/// their value expression, a <see cref="Kind"/>, a <see cref="Shape"/> and a typed <see cref="Placeholder"/>.
/// </summary>
internal sealed class KeySegment
{
    public KeySegment(KeySegmentKind kind, KeyValueShape shape, string? text, string placeholder, IOperation? operation)
    {
        Kind = kind;
        Shape = shape;
        Text = text;
        Placeholder = placeholder;
        Operation = operation;
    }

    public KeySegmentKind Kind { get; }

    public KeyValueShape Shape { get; }

    /// <summary>The literal text of a constant segment; null for dynamic segments.</summary>
    public string? Text { get; }

    /// <summary>The rendered form: the text itself for constants, <c>{int}</c>, <c>{string:input!}</c>, <c>{time!}</c>, <c>{?}</c>… otherwise.</summary>
    public string Placeholder { get; }

    /// <summary>The value expression of a dynamic segment (the literal for a constant), or null when synthesized.</summary>
    public IOperation? Operation { get; }

    /// <summary>Human-readable origin of a volatile or external-input value (<c>DateTime.UtcNow</c>, <c>HttpRequest.Query</c>, <c>parameter 'q'</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>The operation the volatile or tainted value comes from (may sit outside the key expression, in a traced local).</summary>
    public IOperation? Source { get; init; }

    /// <summary>The composite-format specifier applied to the value (<c>D10</c>, <c>yyyyMMdd</c>), if any.</summary>
    public string? Format { get; init; }

    /// <summary>True when the rendered value always has the same width (<c>{id:D10}</c>, GUIDs, hex hashes, alignment).</summary>
    public bool IsFixedWidth { get; init; }

    /// <summary>The maximum rendered length in characters when known (int: 11, Guid: 36…), else null.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Where a delimiter can be inserted before this segment, when the composition site allows a mechanical edit.</summary>
    public KeyInsertionPoint? InsertBefore { get; set; }

    /// <summary>For constant segments that end a regular string literal: where a delimiter can be appended to that literal.</summary>
    public KeyInsertionPoint? LiteralEnd { get; set; }

    public bool IsConstant => Kind == KeySegmentKind.Constant;

    public override string ToString() => Placeholder;
}
