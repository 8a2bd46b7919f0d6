using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.Analyzers.Model;

/// <summary>
/// Which <c>IDistributedCache</c> providers the compilation registers (<c>AddDistributedSqlServerCache</c>,
/// <c>AddStackExchangeRedisCache</c>, <c>AddDistributedMemoryCache</c>, <c>AddEnyimMemcached</c>, a custom
/// <c>AddSingleton&lt;IDistributedCache, …&gt;</c>…). Computed once per compilation, on first use, by a syntax scan
/// of the registration call names (they are distinctive); only done when the SqlServer provider is referenced.
/// </summary>
internal sealed class DistributedCacheProviders
{
    private static readonly ConditionalWeakTable<Compilation, Lazy<DistributedCacheProviders>> Cache = new();

    private static readonly HashSet<string> OtherRegistrations = new(StringComparer.Ordinal)
    {
        "AddStackExchangeRedisCache", "AddDistributedRedisCache", "AddDistributedMemoryCache", "AddEnyimMemcached",
        "AddCosmosCache", "AddDistributedCosmosCache", "AddNCacheDistributedCache", "AddDistributedPostgreSqlCache",
        "AddDistributedMySqlCache", "AddDistributedSqliteCache", "AddSqliteCache", "AddRedisCache", "AddFusionCacheStackExchangeRedisBackplane",
    };

    private DistributedCacheProviders(bool registersSqlServer, bool registersOther)
    {
        RegistersSqlServer = registersSqlServer;
        RegistersOther = registersOther;
    }

    /// <summary>True when <c>AddDistributedSqlServerCache</c> is called somewhere in the compilation.</summary>
    public bool RegistersSqlServer { get; }

    /// <summary>True when another provider (or a custom <c>IDistributedCache</c> service) is registered.</summary>
    public bool RegistersOther { get; }

    /// <summary>True when the only provider registration is <c>AddDistributedSqlServerCache</c>.</summary>
    public bool IsSqlServerOnly => RegistersSqlServer && !RegistersOther;

    /// <summary>The registrations of <paramref name="compilation"/>; a compilation without the SqlServer provider is not scanned.</summary>
    /// <remarks>The scan ignores cancellation: its result is cached and shared, so it must not cache a cancellation.</remarks>
    public static DistributedCacheProviders Get(Compilation compilation) =>
        Cache.GetValue(compilation, static c => new Lazy<DistributedCacheProviders>(() => Scan(c, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static DistributedCacheProviders Scan(Compilation compilation, CancellationToken cancellationToken)
    {
        if (compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.SqlServer.SqlServerCacheOptions") is null)
        {
            return new DistributedCacheProviders(false, false);
        }

        var sql = false;
        var other = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation)
                {
                    continue;
                }

                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name,
                    SimpleNameSyntax simple => simple,
                    _ => null,
                };
                var text = name?.Identifier.ValueText;
                if (text is null)
                {
                    continue;
                }

                if (text == "AddDistributedSqlServerCache")
                {
                    sql = true;
                }
                else if (OtherRegistrations.Contains(text))
                {
                    other = true;
                }
                else if (text is "AddSingleton" or "AddScoped" or "AddTransient" or "TryAddSingleton" &&
                         name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count > 0 &&
                         generic.TypeArgumentList.Arguments[0] is { } service &&
                         service.ToString().EndsWith("IDistributedCache", StringComparison.Ordinal))
                {
                    other = true;
                }
            }
        }

        return new DistributedCacheProviders(sql, other);
    }
}
