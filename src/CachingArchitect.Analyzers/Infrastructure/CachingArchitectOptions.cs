using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CachingArchitect.Analyzers.Infrastructure;

/// <summary>
/// The <c>.editorconfig</c> options of the package (<c>caching_architect.*</c>), each with a typed default.
/// Every key is documented in docs/configuration.md; a test checks that the page lists every key declared here.
/// </summary>
internal static class CachingArchitectOptions
{
    public const string Prefix = "caching_architect.";

    /// <summary>TTL inserted by code fixes. Accepts <c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>, or a number with unit (<c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>).</summary>
    public const string DefaultTtlKey = Prefix + "default_ttl";

    /// <summary>Comma-separated Redis key prefixes that are permanent by design (CACHE004).</summary>
    public const string PermanentKeyPrefixesKey = Prefix + "permanent_key_prefixes";

    /// <summary>Characters that separate key segments (CACHE012, CACHE013). Default <c>:/|_-.</c>.</summary>
    public const string KeySeparatorsKey = Prefix + "key_separators";

    /// <summary>
    /// Comma-separated extra taint sources for CACHE011: <c>Namespace.Type.Member</c> (a method or property whose result is raw
    /// request input) or <c>Namespace.Type</c> (every member of that type), for custom binders and request wrappers.
    /// </summary>
    public const string TaintSourcesKey = Prefix + "taint_sources";

    /// <summary>Multiple of the sliding window used as the absolute cap by the CACHE002 fix. Default 4.</summary>
    public const string SlidingCapMultiplierKey = Prefix + "sliding_cap_multiplier";

    /// <summary>
    /// Jitter budget inserted by the CACHE006 fix (maximum random extra TTL), same formats as <see cref="DefaultTtlKey"/>.
    /// Default: 10% of the TTL when it is constant, else 30 seconds.
    /// </summary>
    public const string JitterMaxKey = Prefix + "jitter_max";

    /// <summary>When <c>true</c>, CACHE001 is not reported in test projects (projects referencing xUnit, NUnit or MSTest). Default false.</summary>
    public const string ExcludeTestProjectsKey = Prefix + "exclude_test_projects";

    /// <summary>All option keys the package reads.</summary>
    public static readonly ImmutableArray<string> AllKeys = ImmutableArray.Create(
        DefaultTtlKey, PermanentKeyPrefixesKey, KeySeparatorsKey, SlidingCapMultiplierKey, JitterMaxKey, TaintSourcesKey, ExcludeTestProjectsKey);

    public static readonly TimeSpan DefaultTtlFallback = TimeSpan.FromMinutes(5);

    public const string DefaultKeySeparators = ":/|_-.";

    /// <summary>Fallback jitter budget (CACHE006) when the TTL is not constant and <see cref="JitterMaxKey"/> is not set.</summary>
    public static readonly TimeSpan JitterMaxFallback = TimeSpan.FromSeconds(30);

    /// <summary>The jitter budget for a TTL: <see cref="JitterMaxKey"/>, else 10% of a constant TTL (at least 1 ms), else 30 seconds.</summary>
    public static TimeSpan GetJitterMax(AnalyzerOptions options, SyntaxTree tree, TimeSpan? ttl)
    {
        if (TryParseDuration(GetRaw(options, tree, JitterMaxKey), out var configured) && configured > TimeSpan.Zero)
        {
            return configured;
        }

        if (ttl is { } value && value > TimeSpan.Zero && value < TimeSpan.FromDays(3650))
        {
            var tenth = TimeSpan.FromTicks(value.Ticks / 10);
            return tenth < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(Math.Round(tenth.TotalMilliseconds));
        }

        return JitterMaxFallback;
    }

    /// <summary>Diagnostic property carrying the TTL a fix should insert (invariant <c>c</c> format).</summary>
    public const string TtlProperty = "DefaultTtl";

    public static string? GetRaw(AnalyzerOptions options, SyntaxTree tree, string key) =>
        options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value) ? value : null;

    public static TimeSpan GetDefaultTtl(AnalyzerOptions options, SyntaxTree tree) =>
        TryParseDuration(GetRaw(options, tree, DefaultTtlKey), out var ttl) && ttl > TimeSpan.Zero ? ttl : DefaultTtlFallback;

    public static ImmutableArray<string> GetList(AnalyzerOptions options, SyntaxTree tree, string key)
    {
        var raw = GetRaw(options, tree, key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ImmutableArray<string>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in raw!.Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The configured key separators (<c>caching_architect.key_separators</c>), or <see cref="DefaultKeySeparators"/>.</summary>
    public static string GetKeySeparators(AnalyzerOptions options, SyntaxTree tree)
    {
        var raw = GetRaw(options, tree, KeySeparatorsKey);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return DefaultKeySeparators;
        }

        var builder = new System.Text.StringBuilder();
        foreach (var c in raw!)
        {
            if (!char.IsWhiteSpace(c) && c != ',')
            {
                builder.Append(c);
            }
        }

        return builder.Length == 0 ? DefaultKeySeparators : builder.ToString();
    }

    public static double GetDouble(AnalyzerOptions options, SyntaxTree tree, string key, double fallback) =>
        double.TryParse(GetRaw(options, tree, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>A boolean option (<c>true</c>/<c>false</c>, case-insensitive); <paramref name="fallback"/> when absent or invalid.</summary>
    public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, string key, bool fallback) =>
        bool.TryParse(GetRaw(options, tree, key)?.Trim(), out var value) ? value : fallback;

    /// <summary>Parses <c>00:05:00</c>, <c>1.00:00:00</c>, <c>300</c> (seconds), <c>300s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, <c>500ms</c>.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text!.Trim();
        if (s.IndexOf(':') >= 0)
        {
            return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
        }

        double multiplier = TimeSpan.TicksPerSecond;
        var number = s;
        if (s.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = TimeSpan.TicksPerMillisecond;
            number = s.Substring(0, s.Length - 2);
        }
        else if (s.Length > 0 && char.IsLetter(s[s.Length - 1]))
        {
            multiplier = char.ToLowerInvariant(s[s.Length - 1]) switch
            {
                's' => TimeSpan.TicksPerSecond,
                'm' => TimeSpan.TicksPerMinute,
                'h' => TimeSpan.TicksPerHour,
                'd' => TimeSpan.TicksPerDay,
                _ => 0,
            };
            number = s.Substring(0, s.Length - 1);
        }

        if (multiplier == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 3650d * TimeSpan.TicksPerDay / multiplier)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(n * multiplier));
        return true;
    }
}
