using System;
using System.Collections.Immutable;

namespace CachingArchitect.Analyzers.Model.Schema;

/// <summary>
/// Decides whether two schema keys can render the same string (CACHE085), soundly: only a collision that certainly happens for
/// some argument values is reported. Keys are compared segment by segment on <c>:</c> (no key part can render a <c>:</c>: integers,
/// Guids, booleans, enum names, calendar days, and strings, which the generated builder checks at run time); two segments
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
}
