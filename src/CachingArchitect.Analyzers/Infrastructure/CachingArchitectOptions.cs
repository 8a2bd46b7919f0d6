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

    /// <summary>When <c>true</c>, the app runs as a single instance: cross-node consistency rules (CACHE022, CACHE023) are off. Default false.</summary>
    public const string SingleInstanceKey = Prefix + "single_instance";

    /// <summary>Longest local (L1) lifetime that counts as "short" for CACHE022, same formats as <see cref="DefaultTtlKey"/>. Default 10 seconds.</summary>
    public const string MaxL1StalenessKey = Prefix + "max_l1_staleness";

    /// <summary>
    /// Comma-separated path fragments of ops or tooling code (<c>tools/,Migrations/,*.Ops/</c>); files whose path contains one
    /// are exempt from CACHE040 and CACHE053. A fragment may use <c>*</c> as a wildcard.
    /// </summary>
    public const string OpsToolingPathsKey = Prefix + "ops_tooling_paths";

    /// <summary>
    /// <c>auto</c> (default), <c>true</c> or <c>false</c>: whether CACHE041 leaves blocking waits on StackExchange.Redis tasks to
    /// the library's own SER307/SER308 analyzers. <c>auto</c> defers when the referenced StackExchange.Redis ships them.
    /// </summary>
    public const string DeferToSer307Key = Prefix + "defer_to_ser307";

    /// <summary>Smallest sane Redis connect/sync timeout for CACHE031 (same formats as <see cref="DefaultTtlKey"/>). Default 1 second.</summary>
    public const string MinRedisTimeoutKey = Prefix + "min_redis_timeout";

    /// <summary>Largest sane Redis connect/sync timeout for CACHE031. Default 30 seconds.</summary>
    public const string MaxRedisTimeoutKey = Prefix + "max_redis_timeout";

    /// <summary>
    /// Comma-separated type names (simple or fully qualified, <c>*</c> wildcards) of injected services that carry the current user or
    /// tenant for CACHE050. Default <c>*CurrentUser*,*UserContext*,*TenantProvider*,*TenantContext*,*UserAccessor*</c>.
    /// </summary>
    public const string UserContextTypesKey = Prefix + "user_context_types";

    /// <summary>
    /// <c>count</c> (default) or <c>bytes</c>: the unit of <c>Size</c> on size-limited <c>MemoryCache</c> instances. The CACHE071 fix
    /// inserts <c>Size = 1</c> for <c>count</c> and a placeholder estimate of 1024 for <c>bytes</c>.
    /// </summary>
    public const string MemorySizeUnitKey = Prefix + "memory_size_unit";

    /// <summary>Diagnostic property carrying the <c>Size</c> value a CACHE071 fix should insert.</summary>
    public const string SizeProperty = "Size";

    /// <summary>The <c>Size</c> text the CACHE071 fix inserts for the configured <see cref="MemorySizeUnitKey"/>.</summary>
    public static string GetEntrySizeText(AnalyzerOptions options, SyntaxTree tree) =>
        string.Equals(GetRaw(options, tree, MemorySizeUnitKey)?.Trim(), "bytes", StringComparison.OrdinalIgnoreCase) ? "1024" : "1";

    /// <summary>All option keys the package reads.</summary>
    public static readonly ImmutableArray<string> AllKeys = ImmutableArray.Create(
        DefaultTtlKey, PermanentKeyPrefixesKey, KeySeparatorsKey, SlidingCapMultiplierKey, JitterMaxKey, TaintSourcesKey, ExcludeTestProjectsKey,
        SingleInstanceKey, MaxL1StalenessKey, OpsToolingPathsKey, DeferToSer307Key, MinRedisTimeoutKey, MaxRedisTimeoutKey, UserContextTypesKey,
        MemorySizeUnitKey);

    public static readonly TimeSpan MaxL1StalenessFallback = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MinRedisTimeoutFallback = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRedisTimeoutFallback = TimeSpan.FromSeconds(30);

    public static readonly ImmutableArray<string> DefaultUserContextTypes =
        ImmutableArray.Create("*CurrentUser*", "*UserContext*", "*TenantProvider*", "*TenantContext*", "*UserAccessor*");

    /// <summary>A duration option; <paramref name="fallback"/> when absent, invalid or not positive.</summary>
    public static TimeSpan GetDuration(AnalyzerOptions options, SyntaxTree tree, string key, TimeSpan fallback) =>
        TryParseDuration(GetRaw(options, tree, key), out var value) && value > TimeSpan.Zero ? value : fallback;

    /// <summary>True when the file lies under a path configured in <see cref="OpsToolingPathsKey"/>.</summary>
    public static bool IsOpsToolingPath(AnalyzerOptions options, SyntaxTree tree)
    {
        var fragments = GetList(options, tree, OpsToolingPathsKey);
        if (fragments.IsEmpty || string.IsNullOrEmpty(tree.FilePath))
        {
            return false;
        }

        var path = tree.FilePath.Replace('\\', '/');
        foreach (var fragment in fragments)
        {
            if (WildcardContains(path, fragment.Replace('\\', '/')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="text"/> contains <paramref name="pattern"/>, where <c>*</c> in the pattern matches any run of characters (ordinal, case-insensitive).</summary>
    public static bool WildcardContains(string text, string pattern)
    {
        var parts = pattern.Split('*');
        var index = 0;
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            var found = text.IndexOf(part, index, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            index = found + part.Length;
        }

        return true;
    }

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> whole, where <c>*</c> matches any run of characters (ordinal, case-insensitive).</summary>
    public static bool WildcardMatches(string text, string pattern)
    {
        if (pattern.IndexOf('*') < 0)
        {
            return string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var parts = pattern.Split('*');
        if (!text.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase) || !text.EndsWith(parts[parts.Length - 1], StringComparison.OrdinalIgnoreCase)
            || text.Length < parts[0].Length + parts[parts.Length - 1].Length)
        {
            return false;
        }

        var index = parts[0].Length;
        var end = text.Length - parts[parts.Length - 1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            var found = text.IndexOf(parts[i], index, StringComparison.OrdinalIgnoreCase);
            if (found < 0 || found + parts[i].Length > end)
            {
                return false;
            }

            index = found + parts[i].Length;
        }

        return true;
    }

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
