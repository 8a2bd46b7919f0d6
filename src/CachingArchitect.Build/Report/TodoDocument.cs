using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CachingArchitect.Build.Report;

/// <summary>A checkbox item of an existing TODO file, as the user left it.</summary>
public sealed class TodoItem
{
    internal TodoItem(string id, bool isChecked, string headerRest, List<string> generatedLines, List<string> notes)
    {
        Id = id;
        Checked = isChecked;
        HeaderRest = headerRest;
        GeneratedLines = generatedLines;
        Notes = notes;
    }

    /// <summary>e.g. <c>CACHE-ITEM-1.2</c>, <c>CACHE-PLAN-3.1</c>, <c>CACHE-QA-6</c>, <c>CACHE-CTX-1</c>.</summary>
    public string Id { get; }

    public bool Checked { get; }

    /// <summary>The text after the bold ID on the checkbox line.</summary>
    public string HeaderRest { get; }

    /// <summary>The field lines the generator wrote (<c>  - **Field**: …</c>).</summary>
    public IReadOnlyList<string> GeneratedLines { get; }

    /// <summary>Every other line under the item, verbatim (leading/trailing blank lines trimmed): the user's notes.</summary>
    public IReadOnlyList<string> Notes { get; }

    public bool IsResolved => HeaderRest.EndsWith(TodoDocument.ResolvedSuffix, StringComparison.Ordinal);

    public string Field(string name)
    {
        var prefix = "  - **" + name + "**: ";
        foreach (var line in GeneratedLines)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line.Substring(prefix.Length);
            }
        }

        return "";
    }
}

/// <summary>
/// The parts of one project's block of an existing TODO file that survive a rebuild: the items (checkbox state,
/// notes, and for vanished findings their last text) and the ID registry.
/// </summary>
/// <remarks>
/// Notes: every line between an item's checkbox line and the next item, heading (<c>#</c>) or
/// <c>&lt;!-- caching-architect:</c> marker that is not one of the generator's field lines
/// (<c>  - **Description**: …</c> and the other field names) is a note and is kept verbatim under the item.
/// </remarks>
public sealed partial class TodoDocument
{
    public const string ResolvedSuffix = " (resolved)";
    public const string RegistryStart = "<!-- caching-architect:registry";
    public const string MarkerPrefix = "<!-- caching-architect:";

    internal static readonly string[] FieldNames =
    {
        "Description", "Invalidation Strategy", "TTL and Eviction", "Validation",
        "Layer", "Technology", "Scope", "Configuration", "Evidence",
    };

    private static readonly Regex ItemLine = ItemLinePattern();
    private static readonly Regex RegistryEntry = RegistryEntryPattern();
    private static readonly Regex RegistryMax = RegistryMaxPattern();
    private static readonly Regex ItemId = ItemIdPattern();

    private TodoDocument(List<TodoItem> items, Dictionary<string, string> registry, Dictionary<int, int> highWater)
    {
        Items = items;
        Registry = registry;
        HighWater = highWater;
        var byId = new Dictionary<string, TodoItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byId.TryAdd(item.Id, item);
        }

        ById = byId;
    }

    public static TodoDocument Empty { get; } = new(new List<TodoItem>(), new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<int, int>());

    /// <summary>Items in file order.</summary>
    public IReadOnlyList<TodoItem> Items { get; }

    public IReadOnlyDictionary<string, TodoItem> ById { get; }

    /// <summary>Fingerprint → item ID (from the registry comment).</summary>
    public IReadOnlyDictionary<string, string> Registry { get; }

    /// <summary>Group → highest item number ever given (registry and items).</summary>
    public IReadOnlyDictionary<int, int> HighWater { get; }

    public static TodoDocument Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var items = new List<TodoItem>();
        var registry = new Dictionary<string, string>(StringComparer.Ordinal);
        var highWater = new Dictionary<int, int>();

        void Raise(int g, int m)
        {
            if (!highWater.TryGetValue(g, out var current) || current < m)
            {
                highWater[g] = m;
            }
        }

        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.StartsWith(RegistryStart, StringComparison.Ordinal))
            {
                i++;
                while (i < lines.Length && !lines[i].StartsWith("-->", StringComparison.Ordinal))
                {
                    var entry = lines[i].Trim();
                    var m = RegistryEntry.Match(entry);
                    if (m.Success)
                    {
                        registry[m.Groups["fp"].Value] = m.Groups["id"].Value;
                        Raise(Int(m.Groups["g"].Value), Int(m.Groups["m"].Value));
                    }
                    else if ((m = RegistryMax.Match(entry)).Success)
                    {
                        Raise(Int(m.Groups["g"].Value), Int(m.Groups["m"].Value));
                    }

                    i++;
                }

                i++;
                continue;
            }

            var match = line.StartsWith("- [", StringComparison.Ordinal) ? ItemLine.Match(line) : Match.Empty;
            if (!match.Success)
            {
                i++;
                continue;
            }

            var id = match.Groups["id"].Value;
            var idMatch = ItemId.Match(id);
            if (idMatch.Success)
            {
                Raise(Int(idMatch.Groups["g"].Value), Int(idMatch.Groups["m"].Value));
            }

            var generated = new List<string>();
            var notes = new List<string>();
            i++;
            while (i < lines.Length && !IsBoundary(lines[i]))
            {
                if (IsFieldLine(lines[i]))
                {
                    generated.Add(lines[i]);
                }
                else
                {
                    notes.Add(lines[i]);
                }

                i++;
            }

            TrimBlankLines(notes);
            items.Add(new TodoItem(id, match.Groups["c"].Value != " ", match.Groups["rest"].Value, generated, notes));
        }

        return new TodoDocument(items, registry, highWater);
    }

    internal static bool IsFieldLine(string line)
    {
        if (!line.StartsWith("  - **", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var name in FieldNames)
        {
            if (line.Length > 6 + name.Length + 3 && string.CompareOrdinal(line, 6, name, 0, name.Length) == 0 &&
                string.CompareOrdinal(line, 6 + name.Length, "**:", 0, 3) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBoundary(string line) =>
        line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith(MarkerPrefix, StringComparison.Ordinal) ||
        (line.StartsWith("- [", StringComparison.Ordinal) && ItemLine.IsMatch(line));

    private static void TrimBlankLines(List<string> lines)
    {
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[0]))
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[lines.Count - 1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        for (var k = 0; k < lines.Count; k++)
        {
            lines[k] = lines[k].TrimEnd('\r');
        }
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    // Source-generated regexes: no Reflection.Emit or interpreter in the build task (it runs once per build, mostly cold).
    [GeneratedRegex(@"^- \[(?<c>[ xX])\] \*\*(?<id>CACHE-[A-Z]+-\d+(?:\.\d+)?)\*\*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemLinePattern();
    [GeneratedRegex(@"^(?<id>CACHE-ITEM-(?<g>\d+)\.(?<m>\d+)) (?<fp>[0-9a-f]{6,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryEntryPattern();
    [GeneratedRegex(@"^max (?<g>\d+) (?<m>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryMaxPattern();
    [GeneratedRegex(@"^CACHE-ITEM-(?<g>\d+)\.(?<m>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemIdPattern();
}
