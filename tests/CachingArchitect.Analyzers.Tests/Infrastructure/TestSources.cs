namespace CachingArchitect.Analyzers.Tests.Infrastructure;

/// <summary>Sources added to every test compilation next to the snippet under test.</summary>
public static class TestSources
{
    /// <summary>Global usings, so snippets stay short and markup positions stay readable.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.Caching.Memory;
        global using Microsoft.Extensions.Caching.Distributed;
        global using Microsoft.Extensions.Caching.Hybrid;
        global using StackExchange.Redis;
        global using ZiggyCreatures.Caching.Fusion;
        global using Enyim.Caching;
        global using Enyim.Caching.Memcached;
        """;

    public const string GlobalUsingsFileName = "/0/GlobalUsings.cs";
}
