using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace CachingArchitect.Analyzers.Model;

/// <summary>One <c>key=value</c> option of a StackExchange.Redis configuration string, with its span in the string.</summary>
internal readonly struct RedisConnectionOption
{
    public RedisConnectionOption(string key, string value, int start, int length)
    {
        Key = key;
        Value = value;
        Start = start;
        Length = length;
    }

    /// <summary>The option name as written (compare with <see cref="StringComparison.OrdinalIgnoreCase"/>).</summary>
    public string Key { get; }

    public string Value { get; }

    /// <summary>Offset of the option (key included) in the parsed string.</summary>
    public int Start { get; }

    public int Length { get; }
}

/// <summary>
/// A parsed StackExchange.Redis configuration string (<c>"host1:6379,host2,ssl=true,password=…,abortConnect=false"</c>):
/// endpoints and the options the rules care about. Parsing follows <c>ConfigurationOptions.Parse</c>: comma-separated items,
/// an item with <c>=</c> is an option (keys case-insensitive, the last occurrence wins), any other non-empty item an endpoint.
/// Shared by CACHE031 (abortConnect, timeouts, Sentinel) and the credential/TLS rule (ssl, password, user, allowAdmin).
/// </summary>
internal sealed class RedisConnectionString
{
    /// <summary>Host suffixes on which StackExchange.Redis defaults <c>abortConnect</c> to false (Azure Cache for Redis and Azure Managed Redis).</summary>
    public static readonly ImmutableArray<string> AzureHostSuffixes = ImmutableArray.Create(
        ".redis.cache.windows.net",
        ".redis.cache.chinacloudapi.cn",
        ".redis.cache.usgovcloudapi.net",
        ".redis.cache.cloudapi.de",
        ".redisenterprise.cache.azure.net",
        ".redis.azure.net");

    private readonly Dictionary<string, RedisConnectionOption> options;

    private RedisConnectionString(string text, ImmutableArray<string> endpoints, Dictionary<string, RedisConnectionOption> options)
    {
        Text = text;
        Endpoints = endpoints;
        this.options = options;
    }

    /// <summary>The parsed text.</summary>
    public string Text { get; }

    /// <summary>The endpoints as written (<c>host</c>, <c>host:port</c>, <c>[::1]:6379</c>).</summary>
    public ImmutableArray<string> Endpoints { get; }

    /// <summary>The options, last occurrence per key.</summary>
    public IEnumerable<RedisConnectionOption> Options => options.Values;

    /// <summary>The host names of <see cref="Endpoints"/>, without port or brackets.</summary>
    public IEnumerable<string> Hosts
    {
        get
        {
            foreach (var endpoint in Endpoints)
            {
                yield return GetHost(endpoint);
            }
        }
    }

    /// <summary><c>abortConnect</c> as written, or null when absent or not a boolean.</summary>
    public bool? AbortConnect => GetBool("abortConnect");

    /// <summary><c>allowAdmin</c> as written, or null.</summary>
    public bool? AllowAdmin => GetBool("allowAdmin");

    /// <summary><c>ssl</c> as written, or null.</summary>
    public bool? Ssl => GetBool("ssl");

    public string? Password => GetValue("password");

    public string? User => GetValue("user");

    /// <summary><c>serviceName</c>: set for Sentinel configurations.</summary>
    public string? ServiceName => GetValue("serviceName");

    public bool IsSentinel => !string.IsNullOrWhiteSpace(ServiceName);

    /// <summary><c>connectTimeout</c> in milliseconds, or null.</summary>
    public int? ConnectTimeoutMilliseconds => GetInt("connectTimeout");

    /// <summary><c>syncTimeout</c> in milliseconds, or null.</summary>
    public int? SyncTimeoutMilliseconds => GetInt("syncTimeout");

    /// <summary><c>asyncTimeout</c> in milliseconds, or null.</summary>
    public int? AsyncTimeoutMilliseconds => GetInt("asyncTimeout");

    /// <summary>True when at least one endpoint is an Azure host (there <c>abortConnect</c> defaults to false).</summary>
    public bool HasAzureEndpoint
    {
        get
        {
            foreach (var host in Hosts)
            {
                if (IsAzureHost(host))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The effective <c>abortConnect</c>: the explicit value, else false when an endpoint is on Azure, else true
    /// (the library default). Sentinel configurations report their explicit value or null.
    /// </summary>
    public bool? EffectiveAbortConnect => AbortConnect ?? (HasAzureEndpoint ? false : IsSentinel ? null : true);

    /// <summary>
    /// Parses <paramref name="text"/>; null when it does not look like a Redis configuration string (empty, no endpoint,
    /// or an ADO.NET-style <c>key=value;…</c> string).
    /// </summary>
    public static RedisConnectionString? Parse(string? text)
    {
        if (text is null || string.IsNullOrWhiteSpace(text) || text.Length > 4096 || text.IndexOf(';') >= 0)
        {
            return null;
        }

        var endpoints = ImmutableArray.CreateBuilder<string>();
        var options = new Dictionary<string, RedisConnectionOption>(StringComparer.OrdinalIgnoreCase);
        var start = 0;
        while (start <= text.Length)
        {
            var comma = text.IndexOf(',', start);
            var end = comma < 0 ? text.Length : comma;
            var item = text.Substring(start, end - start);
            var trimmed = item.Trim();
            if (trimmed.Length > 0)
            {
                var offset = start + item.IndexOf(trimmed, StringComparison.Ordinal);
                var eq = trimmed.IndexOf('=');
                if (eq > 0)
                {
                    var key = trimmed.Substring(0, eq).Trim();
                    options[key] = new RedisConnectionOption(key, trimmed.Substring(eq + 1).Trim(), offset, trimmed.Length);
                }
                else if (eq < 0 && trimmed.IndexOf(' ') < 0)
                {
                    endpoints.Add(trimmed);
                }
            }

            if (comma < 0)
            {
                break;
            }

            start = comma + 1;
        }

        return endpoints.Count == 0 && !options.ContainsKey("serviceName") ? null : new RedisConnectionString(text, endpoints.ToImmutable(), options);
    }

    /// <summary>True when <paramref name="host"/> is an Azure Cache for Redis / Azure Managed Redis host name.</summary>
    public static bool IsAzureHost(string host)
    {
        foreach (var suffix in AzureHostSuffixes)
        {
            if (host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The host of an endpoint: <c>"h:6379"</c> → <c>h</c>, <c>"[::1]:6379"</c> → <c>::1</c>.</summary>
    public static string GetHost(string endpoint)
    {
        if (endpoint.StartsWith("[", StringComparison.Ordinal))
        {
            var close = endpoint.IndexOf(']');
            return close > 0 ? endpoint.Substring(1, close - 1) : endpoint;
        }

        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && endpoint.IndexOf(':') == colon ? endpoint.Substring(0, colon) : endpoint;
    }

    /// <summary>The option named <paramref name="key"/> (case-insensitive), when present.</summary>
    public bool TryGetOption(string key, out RedisConnectionOption option) => options.TryGetValue(key, out option);

    /// <summary>The value of option <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) => options.TryGetValue(key, out var option) ? option.Value : null;

    private bool? GetBool(string key) =>
        GetValue(key) is { } value && bool.TryParse(value, out var result) ? result : null;

    private int? GetInt(string key) =>
        GetValue(key) is { } value && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;

    /// <summary>The host part of an endpoint (same as <see cref="GetHost"/>).</summary>
    public static string HostName(string endpoint) => GetHost(endpoint.Trim());

    /// <summary>True for <c>localhost</c>, <c>*.localhost</c>, <c>127.x.x.x</c> and <c>::1</c>.</summary>
    public static bool IsLoopback(string endpoint)
    {
        var host = HostName(endpoint);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal) ||
               host == "::1" || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for unix domain sockets (<c>/var/run/redis.sock</c>, <c>unix:/path</c>).</summary>
    public static bool IsUnixSocket(string endpoint)
    {
        var e = endpoint.Trim();
        return e.StartsWith("/", StringComparison.Ordinal) || e.StartsWith("unix:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for single-label names (<c>redis</c>, <c>cache:6379</c>): docker-compose or in-cluster service names.</summary>
    public static bool IsSingleLabel(string endpoint)
    {
        var host = HostName(endpoint);
        return host.Length > 0 && host.IndexOf('.') < 0 && host.IndexOf(':') < 0 && !IsLoopback(endpoint);
    }

    /// <summary>True when the endpoint is reached over the network beyond this machine (neither loopback nor a unix socket).</summary>
    public static bool IsRemote(string endpoint) => !IsLoopback(endpoint) && !IsUnixSocket(endpoint);
}
