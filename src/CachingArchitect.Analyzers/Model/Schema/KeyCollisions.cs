using System;
using System.Collections.Immutable;

namespace CachingArchitect.Analyzers.Model.Schema;

/// <summary>
/// Decides whether two schema keys can render the same string (CACHE085), soundly: only a collision that certainly happens for
/// some argument values is reported. Keys are compared segment by segment on <c>:</c> (no key part can render a <c>:</c>: integers,
/// Guids, booleans, enums (rendered as their number), calendar days, and strings, which the generated builder checks at run time); two segments
/// certainly overlap when they are equal literals, a literal that a part certainly renders, two parts whose domains share a value,
/// or two segments of the same shape whose items pairwise overlap (each pair renders one common text, so the
/// concatenations are equal). Anything else (a part of unknown rendering, segments of different
/// shapes such as <c>{a}-{b}</c> and <c>{c}</c>) counts as "no collision proven".
/// </summary>
internal static class KeyCollisions
{
    public static bool CanCollide(SchemaKeyDeclaration a, SchemaKeyDeclaration b)
    {
        if (a.Segments() is not { } left || b.Segments() is not { } right || left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!SegmentsOverlap(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SegmentsOverlap(ImmutableArray<object> left, ImmutableArray<object> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            var ok = (left[i], right[i]) switch
            {
                (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
                (string x, KeyPartDomain y) => y.CertainlyRenders(x),
                (KeyPartDomain x, string y) => x.CertainlyRenders(y),
                (KeyPartDomain x, KeyPartDomain y) => x.CertainlyOverlaps(y),
                _ => false,
            };

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The first two placeholders that follow each other with no literal text between them and whose renderings certainly split
    /// ambiguously (<c>{a}{b}</c> with integers: 1 and 23, 12 and 3 both render <c>123</c>), or null. Both parts must be integers or strings
    /// that allow two or more characters; other kinds have fixed or distinctive renderings and are not guessed.
    /// </summary>
    public static (TemplatePart First, TemplatePart Second)? AmbiguousAdjacentParts(SchemaKeyDeclaration key)
    {
        if (!key.IsRenderable)
        {
            return null;
        }

        var parts = key.Parsed.Parts;
        for (var i = 0; i + 1 < parts.Length; i++)
        {
            if (!parts[i].IsPlaceholder || !parts[i + 1].IsPlaceholder ||
                key.Domain(parts[i].Text) is not { IsNullable: false } x || key.Domain(parts[i + 1].Text) is not { IsNullable: false } y)
            {
                continue;
            }

            if (HasVariableLength(x) && HasVariableLength(y))
            {
                return (parts[i], parts[i + 1]);
            }
        }

        return null;
    }

    // The boundary between two adjacent parts can shift only when both can render texts of different lengths:
    // x + y = (x + s) + y' needs x to take two lengths and y at least two characters.
    private static bool HasVariableLength(KeyPartDomain domain) =>
        domain.Kind == KeyPartKind.Integer || (domain.Kind == KeyPartKind.String && domain.StringMaxLength >= 2);
}
