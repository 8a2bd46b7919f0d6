using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Cheap syntactic pre-filters: whether a syntax tree's text contains a word at all, computed once per tree and shared by
/// every analyzer. Rules that walk whole operation blocks ask first, so files that cannot contain what they look for (most
/// files of a large code base) cost one text scan instead of one operation walk per rule. The words rules ask for are listed
/// in <see cref="KnownWords"/>: the first question about a tree answers all of them from one copy of its text; any other word
/// costs its own scan, cached too.
/// </summary>
/// <remarks>Sound only as a negative filter: a mention says nothing; no mention proves absence.</remarks>
internal static class TreeText
{
    /// <summary>The words rules filter on (at most 32): <c>Map</c> (minimal APIs, <see cref="Http.EndpointFacts"/>) and CACHE007's duration words.</summary>
    private static readonly string[] KnownWords = { "Map", "Expiration", "Duration", "EagerRefresh", "Timeout", "Jitter", "FailSafe" };

    private static readonly ConditionalWeakTable<SyntaxTree, Facts> PerTree = new();

    /// <summary>True when the text of <paramref name="tree"/> contains <paramref name="text"/> (ordinal).</summary>
    public static bool Mentions(SyntaxTree tree, string text, CancellationToken cancellationToken)
    {
        var facts = PerTree.GetValue(tree, static t => new Facts(t));

        var index = Array.IndexOf(KnownWords, text);
        return index >= 0 ? (facts.GetKnown(cancellationToken) & (1 << index)) != 0 : facts.GetOther(text, cancellationToken);
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

    private sealed class Facts
    {
        private readonly SyntaxTree _tree;
        private int _known = -1;
        private ConcurrentDictionary<string, bool>? _other;

        public Facts(SyntaxTree tree) => _tree = tree;

        /// <summary>Bit <c>i</c> set when the text contains <c>KnownWords[i]</c>; one copy of the text for all of them.</summary>
        public int GetKnown(CancellationToken cancellationToken)
        {
            var known = Volatile.Read(ref _known);
            if (known >= 0)
            {
                return known;
            }

            var text = _tree.GetText(cancellationToken).ToString();
            known = 0;
            for (var i = 0; i < KnownWords.Length; i++)
            {
                if (text.IndexOf(KnownWords[i], StringComparison.Ordinal) >= 0)
                {
                    known |= 1 << i;
                }
            }

            Volatile.Write(ref _known, known);
            return known;
        }

        public bool GetOther(string word, CancellationToken cancellationToken)
        {
            var other = _other ?? Interlocked.CompareExchange(ref _other, new ConcurrentDictionary<string, bool>(StringComparer.Ordinal), null) ?? _other!;
            if (other.TryGetValue(word, out var found))
            {
                return found;
            }

            found = _tree.GetText(cancellationToken).ToString().IndexOf(word, StringComparison.Ordinal) >= 0;
            other.TryAdd(word, found);
            return found;
        }
    }
}
