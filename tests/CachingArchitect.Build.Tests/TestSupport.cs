using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CachingArchitect.Build.Report;

namespace CachingArchitect.Build.Tests;

internal static class Fixture
{
    /// <summary>The project directory the hand-written fixtures' URIs (<c>file:///src/Shop/…</c>) belong to.</summary>
    public const string ShopDirectory = "/src/Shop";

    public static string PathOf(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static SarifLog Read(string name, string projectDirectory = ShopDirectory) => SarifReader.ReadFile(PathOf(name), projectDirectory);

    public static ReportInput Input(SarifLog log, string project = "Shop") => new(project, project + ".csproj", "1.2.3", ReportData.From(log));

    public static string Render(string fixture, string? previous = null) =>
        TodoRenderer.Render(Input(Read(fixture)), previous is null ? TodoDocument.Empty : TodoDocument.Parse(previous));

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "CachingArchitect.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("CachingArchitect.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>Builds a SARIF v2.1 log the way the Roslyn compiler writes it (results, rules, customProperties, suppressions).</summary>
internal sealed class SarifBuilder
{
    private readonly List<object> _results = new();
    private readonly SortedDictionary<string, object> _rules = new(StringComparer.Ordinal);

    public string ProjectDirectory { get; init; } = "/src/App";

    public SarifBuilder Add(string ruleId, string level, string message, string? file = null, int line = 0, IDictionary<string, string>? properties = null, bool suppressed = false, string? title = null)
    {
        var result = new Dictionary<string, object> { ["ruleId"] = ruleId, ["level"] = level, ["message"] = new { text = message } };
        if (suppressed)
        {
            result["suppressions"] = new[] { new { kind = "inSource", properties = new { suppressionType = "Pragma Directive" } } };
        }

        if (file is not null)
        {
            var uri = new Uri(ProjectDirectory.TrimEnd('/') + "/" + file).AbsoluteUri;
            result["locations"] = new[] { new { physicalLocation = new { artifactLocation = new { uri }, region = new { startLine = line, startColumn = 9, endLine = line, endColumn = 30 } } } };
        }

        if (properties is not null)
        {
            result["properties"] = new { customProperties = new SortedDictionary<string, string>(properties, StringComparer.Ordinal) };
        }

        _results.Add(result);
        _rules.TryAdd(ruleId, new { id = ruleId, shortDescription = new { text = title ?? ruleId + " title" }, helpUri = ReportText.RuleDocUri(ruleId), properties = new { category = "CachingArchitect.Test" } });
        return this;
    }

    public SarifBuilder CallSite(string kind, string technology, string family, string ttl, string file, int line, bool schema = false) =>
        Add("CACHE900", "note", "call site", file, line, new Dictionary<string, string>
        {
            ["kind"] = kind, ["technology"] = technology, ["family"] = family, ["ttl"] = ttl, ["expiry"] = ttl.Length > 0 ? "absolute" : "none", ["schema"] = schema ? "true" : "false",
        });

    public SarifBuilder SchemaKey(string schema, string family, string template, string ttl, string strategy, string justification, string file = "Keys.cs", int line = 5) =>
        Add("CACHE904", "note", "key", file, line, new Dictionary<string, string>
        {
            ["schema"] = schema, ["family"] = family, ["template"] = template, ["ttl"] = ttl, ["jitter"] = "10", ["strategy"] = strategy, ["maxStaleness"] = "",
            ["justification"] = justification, ["valueType"] = "object",
        });

    public SarifBuilder Library(string technology, string assembly, string version, string? origin = null)
    {
        var properties = new Dictionary<string, string> { ["technology"] = technology, ["assembly"] = assembly, ["version"] = version };
        if (origin is not null)
        {
            properties["origin"] = origin;
        }

        return Add("CACHE902", "note", "library", properties: properties);
    }

    public SarifBuilder Registration(string technology, string options, string lifetime = "", string file = "Program.cs", int line = 3) =>
        Add("CACHE901", "note", "registration", file, line, new Dictionary<string, string> { ["technology"] = technology, ["options"] = options, ["lifetime"] = lifetime });

    public string ToJson()
    {
        var rules = _rules.Values.ToList();
        var log = new Dictionary<string, object>
        {
            ["$schema"] = "http://json.schemastore.org/sarif-2.1.0",
            ["version"] = "2.1.0",
            ["runs"] = new[] { new Dictionary<string, object> { ["results"] = _results, ["tool"] = new { driver = new { name = "Microsoft (R) Visual C# Compiler", rules } }, ["columnKind"] = "utf16CodeUnits" } },
        };
        return JsonSerializer.Serialize(log);
    }

    public SarifLog Log() => SarifReader.Read(Encoding.UTF8.GetBytes(ToJson()), "test.sarif", ProjectDirectory);

    public ReportData Data() => ReportData.From(Log());

    public string Render(string? previous = null, string project = "App") =>
        TodoRenderer.Render(new ReportInput(project, project + ".csproj", "1.2.3", Data()), previous is null ? TodoDocument.Empty : TodoDocument.Parse(previous));
}

internal static class Lines
{
    public static string ItemLine(string document, string id) => document.Split('\n').Single(l => l.Contains("**" + id + "**", StringComparison.Ordinal) && l.StartsWith("- [", StringComparison.Ordinal));

    public static string Tick(string document, string id) => document.Replace(ItemLine(document, id), ItemLine(document, id).Replace("- [ ]", "- [x]"));

    /// <summary>Inserts <paramref name="note"/> lines after the generated field lines of <paramref name="id"/>.</summary>
    public static string AddNote(string document, string id, params string[] note)
    {
        var lines = document.Split('\n').ToList();
        var index = lines.FindIndex(l => l.StartsWith("- [", StringComparison.Ordinal) && l.Contains("**" + id + "**", StringComparison.Ordinal));
        Assert.True(index >= 0, id + " not found");
        index++;
        while (index < lines.Count && lines[index].StartsWith("  - **", StringComparison.Ordinal))
        {
            index++;
        }

        lines.InsertRange(index, note);
        return string.Join("\n", lines);
    }

    public static IReadOnlyList<string> Headings(string document) => document.Split('\n').Where(l => l.StartsWith("#", StringComparison.Ordinal)).ToList();
}
