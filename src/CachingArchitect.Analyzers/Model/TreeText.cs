using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Cheap syntactic pre-filters: whether a syntax tree's text contains a word at all, computed once per tree and word and
/// shared by every analyzer. Rules that walk whole operation blocks ask first, so files that cannot contain what they
/// look for (most files of a large code base) cost one text scan instead of one operation walk per rule.
/// </summary>
/// <remarks>Sound only as a negative filter: a mention says nothing; no mention proves absence.</remarks>
internal static class TreeText
{
    private static readonly ConditionalWeakTable<SyntaxTree, ConcurrentDictionary<string, bool>> Facts = new();

    /// <summary>True when the text of <paramref name="tree"/> contains <paramref name="text"/> (ordinal).</summary>
    public static bool Mentions(SyntaxTree tree, string text, CancellationToken cancellationToken)
    {
        var facts = Facts.GetValue(tree, static _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        if (facts.TryGetValue(text, out var known))
        {
            return known;
        }

        var found = tree.GetText(cancellationToken).ToString().IndexOf(text, StringComparison.Ordinal) >= 0;
        facts.TryAdd(text, found);
        return found;
    }

    /// <summary>True when the text of <paramref name="tree"/> contains any of <paramref name="texts"/>.</summary>
    public static bool MentionsAny(SyntaxTree tree, CancellationToken cancellationToken, params string[] texts)
    {
        foreach (var text in texts)
        {
            if (Mentions(tree, text, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
