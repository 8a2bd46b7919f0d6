using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Tests.Meta;

/// <summary>
/// The rule catalog cannot drift: every ID is unique, has its help link, docs page, release-tracking line,
/// README row, analyzer/test (and fix) files findable by ID, and every option is documented.
/// Set CACHING_ARCHITECT_UPDATE_README=1 to regenerate the README rule table instead of failing.
/// </summary>
public class RuleCatalogTests
{
    private static readonly string[] RequiredSections =
    {
        "## Cause", "## Why it matters", "## How to fix", "## Examples", "## Configuration", "## When to suppress",
    };

    private static readonly Dictionary<string, (int From, int To)> CategoryRanges = new()
    {
        [RuleCategories.Expiration] = (1, 9),
        [RuleCategories.Keys] = (10, 15),
        [RuleCategories.Consistency] = (20, 29),
        [RuleCategories.Resilience] = (30, 39),
        [RuleCategories.Performance] = (40, 49),
        [RuleCategories.Security] = (50, 59),
        [RuleCategories.Http] = (60, 69),
        [RuleCategories.Configuration] = (70, 79),
        [RuleCategories.Schema] = (80, 89),
        [RuleCategories.Inventory] = (900, 909),
    };

    public static IEnumerable<object[]> Ids => Catalog.Descriptors.Select(d => new object[] { d.Id });

    [Fact]
    public void Every_rule_id_constant_has_exactly_one_descriptor()
    {
        var constants = typeof(RuleIds).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(constants.Count, constants.Distinct().Count());
        // One descriptor per ID, except that a rule may split its whole-compilation case into a second analyzer whose descriptor
        // is the same rule (title, category, severity) plus the CompilationEnd tag, so that its live cases keep running in the IDE.
        foreach (var group in Catalog.Analyzers.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Where(g => g.Count() > 1))
        {
            var live = group.Where(d => !d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)).ToList();
            Assert.True(live.Count == 1 && group.Count() == 2, $"{group.Key}: more than one descriptor, and not one live plus one CompilationEnd twin");
            Assert.All(group, d => Assert.Equal((live[0].Title.ToString(), live[0].Category, live[0].DefaultSeverity), (d.Title.ToString(), d.Category, d.DefaultSeverity)));
        }

        var descriptorIds = Catalog.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();
        Assert.Equal(constants.OrderBy(x => x), descriptorIds.OrderBy(x => x));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_follows_conventions(string id)
    {
        var d = Catalog.Descriptors.Single(x => x.Id == id);
        Assert.Matches("^CACHE(0[0-9]{2}|90[0-9])$", d.Id);
        Assert.Equal(Analyzers.Descriptors.HelpLink(id), d.HelpLinkUri);
        Assert.StartsWith("https://", d.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(CategoryRanges.TryGetValue(d.Category, out var range), $"{id}: unknown category {d.Category}");
        var number = int.Parse(id.Substring(5), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(number, range.From, range.To);
        Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()));
        Assert.False(d.Title.ToString().EndsWith(".", StringComparison.Ordinal), "titles have no trailing period");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Docs_page_exists_and_matches_descriptor(string id)
    {
        var d = Catalog.Descriptors.Single(x => x.Id == id);
        var path = Catalog.RepoPath("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"missing docs page {path}");
        var text = File.ReadAllText(path);
        var firstLine = text.Split('\n')[0].TrimEnd('\r');
        Assert.Equal($"# {id} — {d.Title}", firstLine);
        foreach (var section in RequiredSections)
        {
            Assert.True(Regex.IsMatch(text, "^" + Regex.Escape(section) + "\\s*$", RegexOptions.Multiline), $"{id}.md lacks '{section}'");
        }

        Assert.Contains($"| **Default severity** | {SeverityName(d)}", text, StringComparison.Ordinal);
        Assert.Matches(Catalog.HasCodeFix(id) ? @"\| \*\*Code fix\*\* \| (Yes|Partial)" : @"\| \*\*Code fix\*\* \| No", text);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_tracking_lists_the_rule(string id)
    {
        var d = Catalog.Descriptors.Single(x => x.Id == id);
        var dir = Catalog.RepoPath("src", "CachingArchitect.Analyzers");
        var lines = File.ReadAllLines(Path.Combine(dir, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(dir, "AnalyzerReleases.Unshipped.md")));
        var expectedPrefix = $"{id} | {d.Category} | {d.DefaultSeverity} |";
        Assert.Contains(lines, l => l.StartsWith(expectedPrefix, StringComparison.Ordinal) && l.Contains($"docs/rules/{id}.md", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_files_are_findable_by_id(string id)
    {
        var analyzerFiles = Directory.GetFiles(Catalog.RepoPath("src", "CachingArchitect.Analyzers", "Rules"), id + "_*.cs", SearchOption.AllDirectories);
        Assert.Single(analyzerFiles);
        var testFiles = Directory.GetFiles(Catalog.RepoPath("tests", "CachingArchitect.Analyzers.Tests", "Rules"), id + "Tests.cs", SearchOption.AllDirectories);
        Assert.Single(testFiles);
        var fixFiles = Directory.GetFiles(Catalog.RepoPath("src", "CachingArchitect.CodeFixes", "Rules"), id + "_*.cs", SearchOption.AllDirectories);
        Assert.Equal(Catalog.HasCodeFix(id) ? 1 : 0, fixFiles.Length);
    }

    [Fact]
    public void Every_option_key_is_documented()
    {
        var text = File.ReadAllText(Catalog.RepoPath("docs", "configuration.md"));
        foreach (var key in CachingArchitectOptions.AllKeys)
        {
            Assert.Contains("`" + key + "`", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_rule_table_is_current()
    {
        var readmePath = Catalog.RepoPath("README.md");
        var readme = File.ReadAllText(readmePath).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string begin = "<!-- rules:begin -->";
        const string end = "<!-- rules:end -->";
        var start = readme.IndexOf(begin, StringComparison.Ordinal);
        var stop = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, "README.md needs the <!-- rules:begin --> / <!-- rules:end --> markers");
        var expected = "\n" + RuleTable() + "\n";
        var actual = readme.Substring(start + begin.Length, stop - start - begin.Length);
        if (actual != expected && Environment.GetEnvironmentVariable("CACHING_ARCHITECT_UPDATE_README") == "1")
        {
            File.WriteAllText(readmePath, readme.Substring(0, start + begin.Length) + expected + readme.Substring(stop));
            return;
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// The README rule table: ID (linked to its page), category, default severity, code fix, title. The Inventory IDs (CACHE900–909)
    /// are report facts, not rules a user sees or configures, so the table leaves them out (docs/report-inventory.md lists them).
    /// </summary>
    public static string RuleTable()
    {
        var sb = new StringBuilder();
        sb.Append("| ID | Category | Default severity | Code fix | Title |\n");
        sb.Append("|---|---|---|---|---|\n");
        foreach (var d in Catalog.Descriptors.Where(d => d.Category != RuleCategories.Inventory))
        {
            var category = d.Category.Substring("CachingArchitect.".Length);
            sb.Append($"| [{d.Id}](docs/rules/{d.Id}.md) | {category} | {SeverityName(d)} | {CodeFixColumn(d.Id)} | {d.Title.ToString().Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>Yes / Partial / No: the code-fix row of the rule's page (which the page test ties to the shipped providers).</summary>
    private static string CodeFixColumn(string id)
    {
        if (!Catalog.HasCodeFix(id))
        {
            return "No";
        }

        var page = File.ReadAllText(Catalog.RepoPath("docs", "rules", id + ".md"));
        return Regex.IsMatch(page, @"\| \*\*Code fix\*\* \| Partial") ? "Partial" : "Yes";
    }

    private static string SeverityName(DiagnosticDescriptor d) =>
        d.IsEnabledByDefault ? d.DefaultSeverity.ToString() : "None (opt-in)";
}
