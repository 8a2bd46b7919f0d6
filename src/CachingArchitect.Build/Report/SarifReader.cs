using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CachingArchitect.Build.Report;

/// <summary>One diagnostic of the compiler's SARIF v2.1 log (unsuppressed).</summary>
public sealed class SarifResult
{
    public SarifResult(string ruleId, string level, string message, string? path, int line, int column, IReadOnlyDictionary<string, string> properties)
    {
        RuleId = ruleId;
        Level = level;
        Message = message;
        Path = path;
        Line = line;
        Column = column;
        Properties = properties;
    }

    /// <summary>e.g. <c>CACHE001</c>.</summary>
    public string RuleId { get; }

    /// <summary><c>error</c>, <c>warning</c>, <c>note</c> or <c>none</c> (the effective severity).</summary>
    public string Level { get; }

    public string Message { get; }

    /// <summary>Path relative to the project directory with <c>/</c> separators; null when the result has no location.</summary>
    public string? Path { get; }

    /// <summary>1-based; 0 when there is no location.</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary><c>properties.customProperties</c> (the diagnostic's <c>Properties</c>), ordinal-sorted.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    public string Property(string name) => Properties.TryGetValue(name, out var value) ? value : "";
}

/// <summary>Metadata of a rule from <c>tool.driver.rules</c>.</summary>
public sealed record SarifRule(string Id, string Title, string HelpUri, string Category);

/// <summary>What the report needs from one SARIF log.</summary>
public sealed class SarifLog
{
    public SarifLog(IReadOnlyList<SarifResult> results, IReadOnlyDictionary<string, SarifRule> rules, IReadOnlyList<string> foreignErrors, int suppressedCount)
    {
        Results = results;
        Rules = rules;
        ForeignErrors = foreignErrors;
        SuppressedCount = suppressedCount;
    }

    /// <summary>Unsuppressed CachingArchitect results (rule IDs <c>CACHEnnn</c>), in log order.</summary>
    public IReadOnlyList<SarifResult> Results { get; }

    /// <summary>Rule metadata by ID (CachingArchitect rules only).</summary>
    public IReadOnlyDictionary<string, SarifRule> Rules { get; }

    /// <summary>Unsuppressed error-level results of other tools/rules (e.g. <c>CS0103</c>): the build failed for other reasons.</summary>
    public IReadOnlyList<string> ForeignErrors { get; }

    /// <summary>CachingArchitect results left out because they are suppressed (#pragma, SuppressMessage, suppressors).</summary>
    public int SuppressedCount { get; }
}

/// <summary>The log cannot be used: missing, empty, malformed, truncated or not SARIF 2.1.</summary>
public sealed class SarifReadException : Exception
{
    public SarifReadException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// Reads the Roslyn compiler's SARIF v2.1 error log (<c>/errorlog:file,version=2.1</c>). Tolerant of what the
/// compiler legitimately writes (results without locations, relative or absolute URIs, virtual paths of generated
/// sources); anything that is not a complete v2.1 log raises <see cref="SarifReadException"/> with one clear sentence.
/// </summary>
public static class SarifReader
{
    /// <summary>Splits an MSBuild <c>ErrorLog</c> value (<c>path[,version=2.1]</c> or <c>path;version=2</c>) into path and version.</summary>
    public static (string Path, string? Version) ParseErrorLogValue(string errorLog)
    {
        var value = errorLog.Trim();
        foreach (var separator in new[] { ',', ';' })
        {
            var index = value.LastIndexOf(separator);
            if (index > 0)
            {
                var tail = value.Substring(index + 1).Trim();
                if (tail.StartsWith("version=", StringComparison.OrdinalIgnoreCase))
                {
                    return (value.Substring(0, index).Trim(), tail.Substring("version=".Length).Trim());
                }
            }
        }

        return (value, null);
    }

    public static bool IsCachingArchitectRule(string ruleId) =>
        ruleId.Length == 8 && ruleId.StartsWith("CACHE", StringComparison.Ordinal) &&
        char.IsDigit(ruleId[5]) && char.IsDigit(ruleId[6]) && char.IsDigit(ruleId[7]);

    public static SarifLog ReadFile(string path, string projectDirectory)
    {
        if (!File.Exists(path))
        {
            throw new SarifReadException($"The compiler's SARIF log '{path}' does not exist (was the project compiled with ErrorLog set?).");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SarifReadException($"The compiler's SARIF log '{path}' cannot be read: {e.Message}", e);
        }

        return Read(bytes, path, projectDirectory);
    }

    public static SarifLog Read(ReadOnlyMemory<byte> utf8, string displayPath, string projectDirectory)
    {
        if (utf8.Length >= 3 && utf8.Span[0] == 0xEF && utf8.Span[1] == 0xBB && utf8.Span[2] == 0xBF)
        {
            utf8 = utf8.Slice(3);
        }

        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new SarifReadException($"The compiler's SARIF log '{displayPath}' is empty.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new SarifReadException($"The compiler's SARIF log '{displayPath}' is malformed or truncated (JSON error at line {(e.LineNumber ?? 0) + 1}).", e);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, displayPath, projectDirectory);
            }
            catch (InvalidOperationException e)
            {
                // A property of an unexpected JSON type (GetString on a number, ...).
                throw new SarifReadException($"The compiler's SARIF log '{displayPath}' does not have the SARIF 2.1 shape: {e.Message}", e);
            }
        }
    }

    private static SarifLog Read(JsonElement root, string displayPath, string projectDirectory)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SarifReadException($"The compiler's SARIF log '{displayPath}' is not a SARIF object.");
        }

        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        if (version.StartsWith("1", StringComparison.Ordinal))
        {
            throw new SarifReadException(
                $"The compiler's SARIF log '{displayPath}' is SARIF {version}, the compiler's default format; CachingArchitect reads SARIF 2.1 only. " +
                $"Add ',version=2.1' to your ErrorLog property (<ErrorLog>{displayPath},version=2.1</ErrorLog>) or remove ErrorLog to let CachingArchitect set it.");
        }

        if (!version.StartsWith("2.1", StringComparison.Ordinal))
        {
            throw new SarifReadException($"The compiler's SARIF log '{displayPath}' has version '{version}'; CachingArchitect reads SARIF 2.1 only.");
        }

        if (!root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            throw new SarifReadException($"The compiler's SARIF log '{displayPath}' has no 'runs' array.");
        }

        var results = new List<SarifResult>();
        var rules = new Dictionary<string, SarifRule>(StringComparer.Ordinal);
        var foreignErrors = new List<string>();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var suppressed = 0;
        foreach (var run in runs.EnumerateArray())
        {
            var ruleList = new List<SarifRule?>();
            if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver) &&
                driver.TryGetProperty("rules", out var rulesElement) && rulesElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var rule in rulesElement.EnumerateArray())
                {
                    var id = GetString(rule, "id");
                    if (!IsCachingArchitectRule(id))
                    {
                        ruleList.Add(null);
                        continue;
                    }

                    var title = rule.TryGetProperty("shortDescription", out var sd) ? GetString(sd, "text") : "";
                    var category = rule.TryGetProperty("properties", out var rp) ? GetString(rp, "category") : "";
                    var meta = new SarifRule(id, title, GetString(rule, "helpUri"), category);
                    ruleList.Add(meta);
                    rules[id] = meta;
                }
            }

            if (!run.TryGetProperty("results", out var resultsElement) || resultsElement.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var result in resultsElement.EnumerateArray())
            {
                var ruleId = GetString(result, "ruleId");
                var level = GetString(result, "level");
                if (level.Length == 0)
                {
                    level = "warning"; // SARIF default
                }

                var isSuppressed = IsSuppressed(result);
                var ours = IsCachingArchitectRule(ruleId);
                if (!ours)
                {
                    if (!isSuppressed && level == "error")
                    {
                        foreignErrors.Add(ruleId + ": " + MessageText(result));
                    }

                    continue;
                }

                if (isSuppressed)
                {
                    suppressed++;
                    continue;
                }

                string? path = null;
                int line = 0, column = 0;
                if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0 &&
                    locations[0].TryGetProperty("physicalLocation", out var physical))
                {
                    if (physical.TryGetProperty("artifactLocation", out var artifact))
                    {
                        var uri = GetString(artifact, "uri");
                        if (uri.Length == 0)
                        {
                            path = null;
                        }
                        else if (!paths.TryGetValue(uri, out path))
                        {
                            // Results share a few files: parse each URI and relativize it once.
                            path = PathFromUri(uri, projectDirectory);
                            paths.Add(uri, path);
                        }
                    }

                    if (physical.TryGetProperty("region", out var region))
                    {
                        line = GetInt(region, "startLine");
                        column = GetInt(region, "startColumn");
                    }
                }

                var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
                if (result.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object &&
                    props.TryGetProperty("customProperties", out var custom) && custom.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in custom.EnumerateObject())
                    {
                        properties[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText();
                    }
                }

                if (!rules.ContainsKey(ruleId) && result.TryGetProperty("ruleIndex", out var ri) && ri.ValueKind == JsonValueKind.Number &&
                    ri.TryGetInt32(out var index) && index >= 0 && index < ruleList.Count && ruleList[index] is { } indexed && indexed.Id == ruleId)
                {
                    rules[ruleId] = indexed;
                }

                results.Add(new SarifResult(ruleId, level, MessageText(result), path, line, column, properties));
            }
        }

        return new SarifLog(results, rules, foreignErrors, suppressed);
    }

    /// <summary>A result with any suppression that is not rejected / under review is suppressed (SARIF 2.1 §3.27.23, §3.35.3).</summary>
    private static bool IsSuppressed(JsonElement result)
    {
        if (!result.TryGetProperty("suppressions", out var suppressions) || suppressions.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var suppression in suppressions.EnumerateArray())
        {
            var status = GetString(suppression, "status");
            if (status.Length == 0 || status == "accepted")
            {
                return true;
            }
        }

        return false;
    }

    private static string MessageText(JsonElement result) =>
        result.TryGetProperty("message", out var message)
            ? message.ValueKind == JsonValueKind.String ? message.GetString() ?? "" : GetString(message, "text")
            : "";

    private static string GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";

    private static int GetInt(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : 0;

    /// <summary>
    /// SARIF artifact URI → path relative to <paramref name="projectDirectory"/> with <c>/</c> separators.
    /// Absolute <c>file:</c> URIs are unescaped (spaces, non-ASCII); relative URIs are unescaped as they are;
    /// paths outside the project stay relative with <c>../</c>; virtual paths (generated sources) are kept.
    /// </summary>
    public static string PathFromUri(string uri, string projectDirectory)
    {
        string path;
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile)
        {
            path = absolute.LocalPath;
        }
        else
        {
            try
            {
                path = Uri.UnescapeDataString(uri);
            }
            catch (UriFormatException)
            {
                path = uri;
            }
        }

        if (System.IO.Path.IsPathRooted(path) && projectDirectory.Length > 0)
        {
            try
            {
                path = System.IO.Path.GetRelativePath(projectDirectory, path);
            }
            catch (ArgumentException)
            {
                // keep the absolute path
            }
        }

        return path.Replace('\\', '/');
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
