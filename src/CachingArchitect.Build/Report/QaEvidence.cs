using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace CachingArchitect.Build.Report;

/// <summary>
/// The evidence rules of the seven Quality Assurance checks. A check is ticked only when the build's log proves it;
/// otherwise it stays open with the reason. The rules (also in docs/todo-report.md):
/// <list type="number">
/// <item>Layers documented: the inventory is present, at least one layer is in use, and every layer in use has a technology with a version (CACHE902) and a configuration found in code (a CACHE901 registration with options, or for CDN/HTTP a CACHE903 surface with a duration or Cache-Control value).</item>
/// <item>Invalidation strategies: at least one key family, every call site (CACHE900) has a known family, and every family is a generated-schema key (CACHE904) with a strategy.</item>
/// <item>TTLs justified: at least one schema key, every family is a schema key with a TTL and a justification, and no Expiration finding (CACHE001–009) is open.</item>
/// <item>Failure scenarios: caching is in use and no Resilience finding (CACHE030–039) is open.</item>
/// <item>Monitoring: never proven by a build (dashboards and alerts are not in the code).</item>
/// <item>Key schema: at least one schema key, every schema family is <c>prefix:v{n}:…</c>, every call site has a known family that comes from the schema, and no CACHE013 finding is open.</item>
/// <item>Benchmarks against SLAs: never proven by a build.</item>
/// </list>
/// </summary>
public static partial class QaEvidence
{
    private static readonly Regex VersionedFamily = VersionedFamilyPattern();

    public static IReadOnlyList<(bool Met, string Reason)> Evaluate(ReportData data)
    {
        var schemaFamilies = new HashSet<string>(data.SchemaKeys.Select(k => k.Family), StringComparer.Ordinal);
        var families = data.CallSites.Select(c => c.Family).Concat(data.SchemaKeys.Select(k => k.Family)).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var unknownFamilySites = data.CallSites.Count(c => c.Family.Length == 0);
        var inferred = families.Where(f => !schemaFamilies.Contains(f)).ToList();

        return new[]
        {
            Layers(data),
            Invalidation(data, families, unknownFamilySites, inferred),
            Ttls(data, families, unknownFamilySites, inferred),
            Failure(data),
            (false, "a build cannot see dashboards or alerts; tick it when hit rate, latency, memory and eviction metrics are collected and alerted on" +
                    OpenRules(data, "CACHE073")),
            Schema(data, unknownFamilySites, inferred),
            (false, "a build cannot measure latency; tick it when a benchmark or load test shows the cached paths meet the SLAs (see CACHE-CTX-2)"),
        };
    }

    private static (bool, string) Layers(ReportData data)
    {
        if (!data.HasInventory)
        {
            return (false, "no inventory in the build log (CachingArchitectInventory was not on)");
        }

        var layers = TodoRenderer.LayersInUse(data);
        if (layers.Count == 0)
        {
            return (false, "no cache layer found in the code");
        }

        var missing = new List<string>();
        foreach (var layer in layers)
        {
            var name = layer switch { 1 => "CDN/HTTP", 2 => "Application", 3 => "Distributed", _ => "Database" };
            var techs = data.Libraries.Where(l => TodoRenderer.LayersOf(l.Technology).Contains(layer)).ToList();
            if (layer != 1 && !techs.Any(l => l.Version.Length > 0))
            {
                missing.Add(name + " has no technology version");
            }

            var configured = layer == 1
                ? data.Http.Any(h => h.Duration.Length > 0 || h.CacheControl.Length > 0)
                : data.Registrations.Any(r => TodoRenderer.LayersOf(r.Technology).Contains(layer) && r.Options.Length > 0);
            if (!configured)
            {
                missing.Add(name + " has no configuration in code");
            }
        }

        return missing.Count == 0
            ? (true, "every layer in use has a technology, a version and a configuration in code (see Caching Architecture Plan)")
            : (false, string.Join("; ", missing));
    }

    private static (bool, string) Invalidation(ReportData data, List<string> families, int unknownFamilySites, List<string> inferred)
    {
        if (families.Count == 0)
        {
            return (false, "no key families found");
        }

        var problems = new List<string>();
        if (unknownFamilySites > 0) problems.Add(Count(unknownFamilySites, "call site") + " with keys not known at build time");
        if (inferred.Count > 0) problems.Add("no declared strategy for " + List(inferred));
        var noStrategy = data.SchemaKeys.Where(k => k.Strategy.Length == 0).Select(k => k.Family).ToList();
        if (noStrategy.Count > 0) problems.Add("schema keys without a strategy: " + List(noStrategy));
        return problems.Count == 0 ? (true, "every key family is declared in the key schema with a strategy") : (false, string.Join("; ", problems));
    }

    private static (bool, string) Ttls(ReportData data, List<string> families, int unknownFamilySites, List<string> inferred)
    {
        if (families.Count == 0 || data.SchemaKeys.Count == 0)
        {
            return (false, "no key schema with TTLs found");
        }

        var problems = new List<string>();
        if (unknownFamilySites > 0) problems.Add(Count(unknownFamilySites, "call site") + " with keys not known at build time");
        if (inferred.Count > 0) problems.Add("TTL not declared for " + List(inferred));
        var noTtl = data.SchemaKeys.Where(k => k.Ttl.Length == 0).Select(k => k.Family).ToList();
        if (noTtl.Count > 0) problems.Add("schema keys without a TTL: " + List(noTtl));
        var noJustification = data.SchemaKeys.Where(k => k.Justification.Length == 0).Select(k => k.Family).ToList();
        if (noJustification.Count > 0) problems.Add("schema keys without a justification: " + List(noJustification));
        var expiration = data.Findings.Where(f => f.Group == 1).Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        if (expiration.Count > 0) problems.Add("open expiration findings (" + string.Join(", ", expiration) + ")");
        return problems.Count == 0 ? (true, "every key family has a TTL and a justification in the key schema, and no expiration finding is open") : (false, string.Join("; ", problems));
    }

    private static (bool, string) Failure(ReportData data)
    {
        if (!data.HasInventory || TodoRenderer.LayersInUse(data).Count == 0)
        {
            return (false, "no cache usage found to assess");
        }

        var resilience = data.Findings.Where(f => f.Group == 4).Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        return resilience.Count == 0
            ? (true, "no resilience finding (CACHE030–035: connection lifetime and configuration, stampedes, locks, outage propagation) is open")
            : (false, "open resilience findings: " + string.Join(", ", resilience));
    }

    private static (bool, string) Schema(ReportData data, int unknownFamilySites, List<string> inferred)
    {
        if (data.SchemaKeys.Count == 0)
        {
            return (false, "no generated key schema ([CacheKeySchema]) found");
        }

        var problems = new List<string>();
        var unversioned = data.SchemaKeys.Where(k => !VersionedFamily.IsMatch(k.Family)).Select(k => k.Family).ToList();
        if (unversioned.Count > 0) problems.Add("families without prefix and version: " + List(unversioned));
        if (unknownFamilySites > 0) problems.Add(Count(unknownFamilySites, "call site") + " with keys not known at build time");
        if (inferred.Count > 0) problems.Add("keys built outside the schema: " + List(inferred));
        var cache013 = data.Findings.Count(f => f.RuleId == "CACHE013");
        if (cache013 > 0) problems.Add(Count(cache013, "open CACHE013 finding"));
        return problems.Count == 0 ? (true, "every key comes from the generated schema with a prefix and a version") : (false, string.Join("; ", problems));
    }

    private static string OpenRules(ReportData data, string ruleId)
    {
        var n = data.Findings.Count(f => f.RuleId == ruleId);
        return n == 0 ? "" : " (" + ruleId + " is open: " + Count(n, "finding") + ")";
    }

    private static string List(IEnumerable<string> families)
    {
        var all = families.Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var shown = all.Take(5).Select(ReportText.Code).ToList();
        return string.Join(", ", shown) + (all.Count > 5 ? " and " + (all.Count - 5).ToString(CultureInfo.InvariantCulture) + " more" : "");
    }

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    // Source-generated regexes: no Reflection.Emit or interpreter in the build task (it runs once per build, mostly cold).
    [GeneratedRegex(@"^[^:{}]+:v\d+:", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedFamilyPattern();
}
