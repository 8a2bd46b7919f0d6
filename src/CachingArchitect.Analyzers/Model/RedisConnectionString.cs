using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// A parsed StackExchange.Redis configuration string (<c>host1:6380,host2,password=…,ssl=true,abortConnect=false</c>): comma-separated
/// endpoints and <c>key=value</c> options (keys case-insensitive, as in <c>ConfigurationOptions.Parse</c>). Unknown options are ignored;
/// options given twice keep the last value. Never throws.
/// </summary>
internal sealed class RedisConnectionString
{
    private RedisConnectionString(ImmutableArray<string> hosts, IReadOnlyDictionary<string, string> options)
    {
        Hosts = hosts;
        Options = options;
        Ssl = GetBool(options, "ssl");
        Password = Get(options, "password");
        User = Get(options, "user");
        AbortConnect = GetBool(options, "abortConnect");
        AllowAdmin = GetBool(options, "allowAdmin");
        ServiceName = Get(options, "serviceName");
        ConnectTimeout = GetInt(options, "connectTimeout");
        SyncTimeout = GetInt(options, "syncTimeout");
    }

    /// <summary>The endpoints as written (<c>host</c>, <c>host:port</c>, <c>[::1]:6379</c>, <c>/var/run/redis.sock</c>).</summary>
    public ImmutableArray<string> Hosts { get; }

    /// <summary>All <c>key=value</c> options, keys case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    public bool? Ssl { get; }

    public string? Password { get; }

    public string? User { get; }

    public bool? AbortConnect { get; }

    public bool? AllowAdmin { get; }

    public string? ServiceName { get; }

    /// <summary>Milliseconds.</summary>
    public int? ConnectTimeout { get; }

    /// <summary>Milliseconds.</summary>
    public int? SyncTimeout { get; }

    /// <summary>True when at least one endpoint or option was found.</summary>
    public bool IsEmpty => Hosts.IsEmpty && Options.Count == 0;

    /// <summary>Parses <paramref name="text"/>; an empty result for null or blank text.</summary>
    public static RedisConnectionString Parse(string? text)
    {
        var hosts = ImmutableArray.CreateBuilder<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(text))
        {
            foreach (var raw in text!.Split(','))
            {
                var token = raw.Trim();
                if (token.Length == 0)
                {
                    continue;
                }

                var eq = token.IndexOf('=');
                if (eq > 0)
                {
                    options[token.Substring(0, eq).Trim()] = token.Substring(eq + 1).Trim();
                }
                else if (eq < 0)
                {
                    hosts.Add(token);
                }
            }
        }

        return new RedisConnectionString(hosts.ToImmutable(), options);
    }

    /// <summary>The host part of an endpoint: <c>cache.example.com:6380</c> → <c>cache.example.com</c>, <c>[::1]:6379</c> → <c>::1</c>.</summary>
    public static string HostName(string endpoint)
    {
        var e = endpoint.Trim();
        if (e.StartsWith("[", StringComparison.Ordinal))
        {
            var close = e.IndexOf(']');
            return close > 0 ? e.Substring(1, close - 1) : e;
        }

        var colon = e.IndexOf(':');
        return colon > 0 && e.IndexOf(':', colon + 1) < 0 ? e.Substring(0, colon) : e;
    }

    /// <summary>True for <c>localhost</c>, <c>127.x.x.x</c>, <c>::1</c> and <c>host.docker.internal</c>-free loopback names.</summary>
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

    private static string? Get(IReadOnlyDictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) ? value : null;

    private static bool? GetBool(IReadOnlyDictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) && bool.TryParse(value, out var b) ? b : null;

    private static int? GetInt(IReadOnlyDictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
}
