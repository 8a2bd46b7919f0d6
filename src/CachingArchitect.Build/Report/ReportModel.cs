using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace CachingArchitect.Build.Report;

/// <summary>A source location, relative to the project (<c>/</c> separators).</summary>
public sealed record SourceLocation(string? Path, int Line, int Column) : IComparable<SourceLocation>
{
    public int CompareTo(SourceLocation? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Path ?? "", other.Path ?? "");
        if (c != 0)
        {
            return c;
        }

        c = Line.CompareTo(other.Line);
        return c != 0 ? c : Column.CompareTo(other.Column);
    }

    public string Display => Path is null ? "(project-wide, no source location)" : Line > 0 ? Path + ":" + Line.ToString(CultureInfo.InvariantCulture) : Path;
}

/// <summary>CACHE900: a cache operation call site.</summary>
public sealed record CallSite(string Kind, string Technology, string Family, string Ttl, string Expiry, bool FromSchema, SourceLocation Location);

/// <summary>CACHE901: a cache registration.</summary>
public sealed record Registration(string Technology, string Lifetime, string Options, string Message, SourceLocation Location);

/// <summary>
/// CACHE902: a caching library referenced by the compilation. <paramref name="FromFramework"/>: it comes with a .NET shared
/// framework (<c>origin=framework</c>), so every project of that kind references it whether it caches or not.
/// </summary>
public sealed record LibraryReference(string Technology, string Assembly, string Version, bool FromFramework = false);

/// <summary>CACHE903: an HTTP caching surface.</summary>
public sealed record HttpSurface(string Route, string Mechanism, string CacheControl, string Duration, string VaryBy, SourceLocation Location);

/// <summary>CACHE904: a key of a generated key schema.</summary>
public sealed record SchemaKey(string Schema, string Family, string Template, string Ttl, string Jitter, string Strategy, string MaxStaleness, string Justification, string ValueType, SourceLocation Location);

/// <summary>A mechanical fix carried by a finding (<c>caFix*</c> properties).</summary>
public sealed record FixProposal(string Title, string Path, int StartLine, string OldText, string NewText);

/// <summary>
/// One trackable finding: all results of one rule in one file with the same location-independent anchor
/// (the <c>caAnchor</c> property when the analyzer supplies one, else the diagnostic's message). Lines are not part
/// of the identity, so code that moves keeps its item.
/// </summary>
public sealed class FindingGroup
{
    internal FindingGroup(string fingerprint, string ruleId, string level, string message, SarifRule? rule, IReadOnlyList<SourceLocation> locations, IReadOnlyList<FixProposal> fixes, IReadOnlyDictionary<string, string> properties)
    {
        Fingerprint = fingerprint;
        RuleId = ruleId;
        Level = level;
        Message = message;
        Title = rule?.Title ?? "";
        HelpUri = string.IsNullOrEmpty(rule?.HelpUri) ? ReportText.RuleDocUri(ruleId) : rule!.HelpUri;
        Locations = locations;
        Fixes = fixes;
        Properties = properties;
        Group = GroupOf(ruleId);
    }

    public string Fingerprint { get; }

    public string RuleId { get; }

    /// <summary>Highest effective level among the results: error, warning, note.</summary>
    public string Level { get; }

    public string Message { get; }

    public string Title { get; }

    public string HelpUri { get; }

    public IReadOnlyList<SourceLocation> Locations { get; }

    public IReadOnlyList<FixProposal> Fixes { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Item group = the rule's ID range (= its category): 1 Expiration (001–009), 2 Keys (010–019), 3 Consistency, 4 Resilience, 5 Performance, 6 Security, 7 HTTP, 8 Configuration, 9 Key schema (080–089).</summary>
    public int Group { get; }

    public int SeverityRank => ReportText.SeverityRank(Level);

    public static int GroupOf(string ruleId) =>
        int.TryParse(ruleId.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n / 10 + 1 : 0;

    public static string ComputeFingerprint(string ruleId, string? path, string anchor)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(ruleId + "\n" + (path ?? "") + "\n" + anchor));
        return Convert.ToHexString(bytes, 0, 6).ToLowerInvariant();
    }
}

/// <summary>Everything the report is made of, from one SARIF log.</summary>
public sealed class ReportData
{
    private ReportData(IReadOnlyList<FindingGroup> findings, IReadOnlyList<CallSite> callSites, IReadOnlyList<Registration> registrations,
        IReadOnlyList<LibraryReference> libraries, IReadOnlyList<HttpSurface> http, IReadOnlyList<SchemaKey> schemaKeys, int suppressedCount)
    {
        Findings = findings;
        CallSites = callSites;
        Registrations = registrations;
        Libraries = libraries;
        Http = http;
        SchemaKeys = schemaKeys;
        SuppressedCount = suppressedCount;
    }

    public IReadOnlyList<FindingGroup> Findings { get; }

    public IReadOnlyList<CallSite> CallSites { get; }

    public IReadOnlyList<Registration> Registrations { get; }

    public IReadOnlyList<LibraryReference> Libraries { get; }

    public IReadOnlyList<HttpSurface> Http { get; }

    public IReadOnlyList<SchemaKey> SchemaKeys { get; }

    public int SuppressedCount { get; }

    private ILookup<(string Path, int Line), CallSite>? _byLocation;
    private ILookup<string, CallSite>? _byFamily;

    /// <summary>Call sites by (path, line): a finding on the same line as a call site is about that call.</summary>
    public ILookup<(string Path, int Line), CallSite> CallSitesByLocation =>
        _byLocation ??= CallSites.Where(c => c.Location.Path is not null).ToLookup(c => (c.Location.Path!, c.Location.Line));

    public ILookup<string, CallSite> CallSitesByFamily => _byFamily ??= CallSites.ToLookup(c => c.Family, StringComparer.Ordinal);

    /// <summary>True when the log carries inventory results (CACHE900–909): the build ran with <c>CachingArchitectInventory=true</c>.</summary>
    public bool HasInventory => CallSites.Count + Registrations.Count + Libraries.Count + Http.Count + SchemaKeys.Count > 0;

    public static ReportData From(SarifLog log)
    {
        var callSites = new List<CallSite>();
        var registrations = new List<Registration>();
        var libraries = new List<LibraryReference>();
        var http = new List<HttpSurface>();
        var schemaKeys = new List<SchemaKey>();
        var groups = new Dictionary<string, List<SarifResult>>(StringComparer.Ordinal);

        foreach (var r in log.Results)
        {
            var location = new SourceLocation(r.Path, r.Line, r.Column);
            switch (r.RuleId)
            {
                case "CACHE900":
                    callSites.Add(new CallSite(r.Property("kind"), r.Property("technology"), r.Property("family"), r.Property("ttl"), r.Property("expiry"),
                        string.Equals(r.Property("schema"), "true", StringComparison.OrdinalIgnoreCase), location));
                    continue;
                case "CACHE901":
                    registrations.Add(new Registration(r.Property("technology"), r.Property("lifetime"), r.Property("options"), r.Message, location));
                    continue;
                case "CACHE902":
                    libraries.Add(new LibraryReference(r.Property("technology"), r.Property("assembly"), r.Property("version"),
                        string.Equals(r.Property("origin"), "framework", StringComparison.Ordinal)));
                    continue;
                case "CACHE903":
                    http.Add(new HttpSurface(r.Property("route"), r.Property("mechanism"), r.Property("cacheControl"), r.Property("duration"), r.Property("varyBy"), location));
                    continue;
                case "CACHE904":
                    schemaKeys.Add(new SchemaKey(r.Property("schema"), r.Property("family"), r.Property("template"), r.Property("ttl"), r.Property("jitter"),
                        r.Property("strategy"), r.Property("maxStaleness"), r.Property("justification"), r.Property("valueType"), location));
                    continue;
            }

            if (string.CompareOrdinal(r.RuleId, "CACHE900") >= 0)
            {
                continue; // other inventory / reserved IDs (905–999): not findings
            }

            var anchor = r.Property("caAnchor");
            var fingerprint = FindingGroup.ComputeFingerprint(r.RuleId, r.Path, anchor.Length > 0 ? anchor : r.Message);
            if (!groups.TryGetValue(fingerprint, out var list))
            {
                groups[fingerprint] = list = new List<SarifResult>();
            }

            list.Add(r);
        }

        var findings = new List<FindingGroup>(groups.Count);
        foreach (var pair in groups)
        {
            var results = pair.Value;
            var first = results[0];
            var level = results.OrderBy(x => ReportText.SeverityRank(x.Level)).First().Level;
            var locations = results.Select(x => new SourceLocation(x.Path, x.Line, x.Column)).Distinct().OrderBy(x => x).ToList();
            var fixes = new List<FixProposal>();
            foreach (var x in results.OrderBy(x => new SourceLocation(x.Path, x.Line, x.Column)))
            {
                if (x.Properties.TryGetValue("caFixNewText", out var newText) && x.Properties.TryGetValue("caFixOldText", out var oldText) &&
                    int.TryParse(x.Property("caFixStartLine"), NumberStyles.None, CultureInfo.InvariantCulture, out var startLine) && startLine > 0 && x.Path is not null)
                {
                    var fix = new FixProposal(x.Property("caFixTitle"), x.Path, startLine, oldText, newText);
                    if (!fixes.Contains(fix))
                    {
                        fixes.Add(fix);
                    }
                }
            }

            log.Rules.TryGetValue(first.RuleId, out var rule);
            findings.Add(new FindingGroup(pair.Key, first.RuleId, level, first.Message, rule, locations, fixes, first.Properties));
        }

        findings.Sort(CompareForNumbering);
        callSites.Sort((a, b) => Compare(a.Location, b.Location, a.Family, b.Family, a.Kind, b.Kind));
        registrations.Sort((a, b) => Compare(a.Location, b.Location, a.Technology, b.Technology, a.Options, b.Options));
        libraries.Sort((a, b) => string.CompareOrdinal(a.Technology + "\0" + a.Assembly + "\0" + a.Version, b.Technology + "\0" + b.Assembly + "\0" + b.Version));
        http.Sort((a, b) => Compare(a.Location, b.Location, a.Route, b.Route, a.Mechanism, b.Mechanism));
        schemaKeys.Sort((a, b) => string.CompareOrdinal(a.Family + "\0" + a.Schema, b.Family + "\0" + b.Schema));
        libraries.RemoveAll(l => l.FromFramework && !IsInUse(l.Technology, callSites, registrations, http));
        return new ReportData(findings, callSites, registrations, libraries.Distinct().ToList(), http, schemaKeys, log.SuppressedCount);
    }

    /// <summary>
    /// True when a call site, registration or HTTP surface of the build is of <paramref name="technology"/>. A shared-framework
    /// library (OutputCaching, ResponseCaching, Caching.Memory/Abstractions in every ASP.NET Core app) is listed only then, so an app
    /// that caches nothing gets no HTTP or in-memory layer in its plan. The abstractions assembly counts as used with either interface.
    /// </summary>
    private static bool IsInUse(string technology, List<CallSite> callSites, List<Registration> registrations, List<HttpSurface> http)
    {
        bool Matches(string t) =>
            string.Equals(t, technology, StringComparison.Ordinal) ||
            technology == "Microsoft.Extensions.Caching.Abstractions" && t is "IMemoryCache" or "IDistributedCache";

        return callSites.Exists(c => Matches(c.Technology)) || registrations.Exists(r => Matches(r.Technology)) || http.Exists(h => Matches(h.Mechanism));
    }

    /// <summary>The order in which new findings get their numbers: group, rule, file, first line, message.</summary>
    internal static int CompareForNumbering(FindingGroup a, FindingGroup b)
    {
        var c = a.Group.CompareTo(b.Group);
        if (c == 0) c = string.CompareOrdinal(a.RuleId, b.RuleId);
        if (c == 0) c = a.Locations[0].CompareTo(b.Locations[0]);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        if (c == 0) c = string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
        return c;
    }

    private static int Compare(SourceLocation a, SourceLocation b, string a1, string b1, string a2, string b2)
    {
        var c = a.CompareTo(b);
        if (c == 0) c = string.CompareOrdinal(a1, b1);
        if (c == 0) c = string.CompareOrdinal(a2, b2);
        return c;
    }
}

/// <summary>Small text helpers shared by the renderer (invariant culture everywhere).</summary>
public static class ReportText
{
    public const string RuleDocBase = "https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/";

    public static string RuleDocUri(string ruleId) => RuleDocBase + ruleId + ".md";

    public static int SeverityRank(string level) => level switch
    {
        "error" => 0,
        "warning" => 1,
        "note" => 2,
        _ => 3,
    };

    public static string SeverityName(string level) => level switch
    {
        "error" => "Error",
        "warning" => "Warning",
        "note" => "Info",
        _ => "None",
    };

    /// <summary><c>00:05:00</c> → <c>5 min</c>; <c>1.00:00:00</c> → <c>1 d</c>; unparsable values are returned as they are.</summary>
    public static string Duration(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            return value;
        }

        if (span == TimeSpan.Zero)
        {
            return "0 s";
        }

        var parts = new List<string>();
        if (span.Days != 0) parts.Add(span.Days.ToString(CultureInfo.InvariantCulture) + " d");
        if (span.Hours != 0) parts.Add(span.Hours.ToString(CultureInfo.InvariantCulture) + " h");
        if (span.Minutes != 0) parts.Add(span.Minutes.ToString(CultureInfo.InvariantCulture) + " min");
        if (span.Seconds != 0) parts.Add(span.Seconds.ToString(CultureInfo.InvariantCulture) + " s");
        if (span.Milliseconds != 0) parts.Add(span.Milliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
        return parts.Count == 0 ? value : string.Join(" ", parts);
    }

    /// <summary><c>WriteThrough</c> → <c>write-through</c>.</summary>
    public static string Strategy(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (char.IsUpper(ch))
            {
                if (i > 0 && value[i - 1] != '-')
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }

    /// <summary>Markdown-safe inline text for table cells (pipes and newlines escaped).</summary>
    public static string Cell(string value) => string.IsNullOrEmpty(value) ? "—" : value.Replace("\r", "").Replace("\n", " ").Replace("|", "\\|");

    /// <summary>Collapses newlines for a one-line field.</summary>
    public static string OneLine(string value) => value.Replace("\r", "").Replace("\n", " ").Trim();

    /// <summary>Inline code that survives backticks inside.</summary>
    public static string Code(string value) => value.Contains('`') ? "`` " + value + " ``" : "`" + value + "`";
}
