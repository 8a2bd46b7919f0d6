#!/usr/bin/env python3
"""Deterministic generator of a large C# code base for CachingArchitect's performance measurements (issue 8).

    python3 build/perf/generate-codebase.py --out /tmp/perf-caching                 # caching-heavy variant
    python3 build/perf/generate-codebase.py --out /tmp/perf-plain --no-caching      # no caching library at all
    options: --files N (default 2000), --seed S (default 42)

Writes Perf.csproj plus N .cs files of ordinary business code (records, services with LINQ, validation, mapping,
async methods, switch expressions). In the caching variant every 8th file is a caching file instead, rotating through
every technology the rules cover: IMemoryCache, IDistributedCache, StackExchange.Redis, HybridCache, FusionCache,
System.Runtime.Caching, a Memcached (EnyimMemcachedCore-shaped) client, ASP.NET Core output caching / response caching /
manual Cache-Control headers, multiplexer registrations, and generated key schemas. About half of those files contain
one of the mistakes the rules report, written the way real code writes them; the rest is correct caching code.
The output is identical for identical arguments (no clocks, a seeded PRNG).
"""
import argparse
import os
import random

BUSINESS_NOUNS = ["Order", "Invoice", "Customer", "Shipment", "Product", "Supplier", "Payment", "Refund", "Coupon",
                  "Warehouse", "Review", "Subscription", "Ticket", "Contract", "Employee", "Budget", "Campaign", "Lead"]
FIELDS = [("string", "Name"), ("decimal", "Amount"), ("int", "Quantity"), ("DateTime", "CreatedAt"), ("bool", "IsActive"),
          ("string", "Code"), ("long", "ExternalId"), ("double", "Score"), ("Guid", "CorrelationId"), ("string", "Region")]


def business_file(i, rng):
    noun = BUSINESS_NOUNS[i % len(BUSINESS_NOUNS)]
    t = f"{noun}{i}"
    fields = rng.sample(FIELDS, 6)
    props = ", ".join(f"{ty} {n}" for ty, n in fields)
    lines = [
        "using System;",
        "using System.Collections.Generic;",
        "using System.Linq;",
        "using System.Text;",
        "using System.Threading;",
        "using System.Threading.Tasks;",
        "",
        f"namespace Perf.Domain.Module{i % 40};",
        "",
        f"public sealed record {t}Dto(int Id, {props});",
        "",
        f"public enum {t}Status {{ Draft, Submitted, Approved, Rejected, Archived }}",
        "",
        f"public interface I{t}Repository",
        "{",
        f"    Task<IReadOnlyList<{t}Dto>> ListAsync(int page, int pageSize, CancellationToken cancellationToken);",
        f"    Task<{t}Dto?> FindAsync(int id, CancellationToken cancellationToken);",
        f"    Task SaveAsync({t}Dto item, CancellationToken cancellationToken);",
        "}",
        "",
        f"public sealed class {t}Service",
        "{",
        f"    private readonly I{t}Repository repository;",
        f"    private readonly List<{t}Dto> recent = new();",
        "",
        f"    public {t}Service(I{t}Repository repository)",
        "    {",
        "        this.repository = repository ?? throw new ArgumentNullException(nameof(repository));",
        "    }",
        "",
    ]
    for m in range(4):
        lines += [
            f"    public async Task<IReadOnlyList<{t}Dto>> Query{m}Async(int page, string? filter, CancellationToken cancellationToken)",
            "    {",
            "        if (page < 0)",
            "        {",
            "            throw new ArgumentOutOfRangeException(nameof(page));",
            "        }",
            "",
            f"        var items = await repository.ListAsync(page, {10 + m * 5}, cancellationToken).ConfigureAwait(false);",
            "        var query = items.Where(x => x.Id % " + str(m + 2) + " != 0);",
            "        if (!string.IsNullOrWhiteSpace(filter))",
            "        {",
            "            query = query.Where(x => x.ToString().Contains(filter, StringComparison.OrdinalIgnoreCase));",
            "        }",
            "",
            "        var result = query.OrderBy(x => x.Id).Take(50).ToList();",
            "        lock (recent)",
            "        {",
            "            recent.AddRange(result.Take(3));",
            "            if (recent.Count > 100)",
            "            {",
            "                recent.RemoveRange(0, recent.Count - 100);",
            "            }",
            "        }",
            "",
            "        return result;",
            "    }",
            "",
        ]
    lines += [
        f"    public static {t}Status Classify({t}Dto item, int threshold) => item.Id switch",
        "    {",
        f"        < 0 => {t}Status.Rejected,",
        f"        0 => {t}Status.Draft,",
        f"        var n when n < threshold => {t}Status.Submitted,",
        f"        var n when n < threshold * 10 => {t}Status.Approved,",
        f"        _ => {t}Status.Archived,",
        "    };",
        "",
        f"    public static IReadOnlyList<string> Validate({t}Dto item)",
        "    {",
        "        var errors = new List<string>();",
        "        if (item.Id <= 0)",
        "        {",
        "            errors.Add(\"Id must be positive.\");",
        "        }",
    ]
    for ty, n in fields:
        if ty == "string":
            lines += [f"        if (string.IsNullOrEmpty(item.{n}) || item.{n}.Length > 200)", "        {",
                      f"            errors.Add(\"{n} must have 1 to 200 characters.\");", "        }"]
        elif ty in ("decimal", "int", "long", "double"):
            lines += [f"        if (item.{n} < 0)", "        {", f"            errors.Add(\"{n} cannot be negative.\");", "        }"]
    lines += [
        "        return errors;",
        "    }",
        "",
        f"    public static string Describe({t}Dto item)",
        "    {",
        "        var builder = new StringBuilder();",
        f"        builder.Append(\"{t} #\").Append(item.Id);",
    ]
    for ty, n in fields:
        lines.append(f"        builder.Append(\", {n}=\").Append(item.{n});")
    lines += [
        "        return builder.ToString();",
        "    }",
        "",
        f"    public async Task<int> ImportAsync(IEnumerable<{t}Dto> items, CancellationToken cancellationToken)",
        "    {",
        "        var count = 0;",
        "        foreach (var item in items)",
        "        {",
        "            cancellationToken.ThrowIfCancellationRequested();",
        "            if (Validate(item).Count > 0)",
        "            {",
        "                continue;",
        "            }",
        "",
        "            await repository.SaveAsync(item, cancellationToken).ConfigureAwait(false);",
        "            count++;",
        "        }",
        "",
        "        return count;",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)


def caching_file(i, rng, kind):
    ns = f"namespace Perf.Caching.Module{i % 40};"
    c = f"C{i}"
    mistake = (i // 8) % 2 == 0
    header = ["using System;", "using System.Threading;", "using System.Threading.Tasks;"]
    if kind == "memory":
        body = header + ["using Microsoft.Extensions.Caching.Memory;", "", ns, "",
            f"public sealed class {c}PriceCache(IMemoryCache cache)", "{",
            "    public decimal GetPrice(int productId)", "    {",
            f"        return cache.GetOrCreate($\"perf:price:{{productId}}\", entry =>", "        {",
            "            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);",
            "            entry.Size = 1;",
            "            return productId * 1.5m;", "        });", "    }", "",
            "    public void Remember(int productId, decimal price)", "    {",
            ("        cache.Set($\"perf:price:{productId}\", price);" if mistake else
             "        cache.Set($\"perf:price:{productId}\", price, TimeSpan.FromMinutes(5));"),
            "    }", "", "    public void Forget(int productId) => cache.Remove($\"perf:price:{productId}\");", "}", ""]
    elif kind == "distributed":
        body = header + ["using Microsoft.Extensions.Caching.Distributed;", "", ns, "",
            f"public sealed class {c}ProfileCache(IDistributedCache cache)", "{",
            "    public Task<string?> GetAsync(int userId, CancellationToken ct) => cache.GetStringAsync($\"perf:profile:{userId}\", ct);", "",
            "    public Task SetAsync(int userId, string json, CancellationToken ct)", "    {",
            ("        return cache.SetStringAsync($\"perf:profile:{userId}\", json, ct);" if mistake else
             "        return cache.SetStringAsync($\"perf:profile:{userId}\", json, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) }, ct);"),
            "    }", "}", ""]
    elif kind == "redis":
        body = header + ["using StackExchange.Redis;", "", ns, "",
            f"public sealed class {c}SessionStore(IConnectionMultiplexer redis)", "{",
            "    private IDatabase Db => redis.GetDatabase();", "",
            "    public async Task SaveAsync(string sessionId, string json)", "    {",
            ("        await Db.StringSetAsync(\"perf:session:\" + sessionId, json);" if mistake else
             "        await Db.StringSetAsync($\"perf:session:{sessionId.GetHashCode()}\", json, TimeSpan.FromMinutes(20));"),
            "    }", "",
            "    public async Task<string?> LoadAsync(int sessionId) => await Db.StringGetAsync($\"perf:session:{sessionId}\");", "",
            "    public Task<bool> DeleteAsync(int sessionId) => Db.KeyDeleteAsync($\"perf:session:{sessionId}\");", "}", ""]
    elif kind == "hybrid":
        body = header + ["using Microsoft.Extensions.Caching.Hybrid;", "", ns, "",
            f"public sealed class {c}CatalogCache(HybridCache cache)", "{",
            "    public ValueTask<string> GetAsync(int id, CancellationToken ct) =>",
            "        cache.GetOrCreateAsync($\"perf:catalog:{id}\", async token => { await Task.Yield(); return id.ToString(); },",
            "            new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) }, cancellationToken: ct);",
            "", "    public ValueTask InvalidateAsync(int id, CancellationToken ct) => cache.RemoveAsync($\"perf:catalog:{id}\", ct);", "}", ""]
    elif kind == "fusion":
        body = header + ["using ZiggyCreatures.Caching.Fusion;", "", ns, "",
            f"public sealed class {c}StockCache(IFusionCache cache)", "{",
            "    public int GetStock(int id) => cache.GetOrSet($\"perf:stock:{id}\", _ => id * 2, TimeSpan.FromSeconds(30));",
            "", "    public void Remove(int id) => cache.Remove($\"perf:stock:{id}\");", "}", ""]
    elif kind == "runtime":
        body = header + ["using System.Runtime.Caching;", "", ns, "",
            f"public static class {c}LegacyCache", "{",
            "    public static void Put(int id, string value)", "    {",
            ("        MemoryCache.Default.Set($\"perf:legacy:{id}\", value, ObjectCache.InfiniteAbsoluteExpiration);" if mistake else
             "        MemoryCache.Default.Set($\"perf:legacy:{id}\", value, DateTimeOffset.UtcNow.AddMinutes(5));"),
            "    }", "", "    public static object? Get(int id) => MemoryCache.Default.Get($\"perf:legacy:{id}\");", "}", ""]
    elif kind == "memcached":
        body = header + ["using Enyim.Caching;", "using Enyim.Caching.Memcached;", "", ns, "",
            f"public sealed class {c}FragmentCache(IMemcachedClient client)", "{",
            "    public Task<bool> StoreAsync(int id, string html) =>",
            ("        client.StoreAsync(StoreMode.Set, $\"perf:fragment:{id}\", html, TimeSpan.Zero);" if mistake else
             "        client.StoreAsync(StoreMode.Set, $\"perf:fragment:{id}\", html, TimeSpan.FromMinutes(5));"),
            "}", ""]
    elif kind == "http":
        body = header + ["using Microsoft.AspNetCore.Builder;", "using Microsoft.AspNetCore.Http;", "using Microsoft.AspNetCore.Mvc;",
            "using Microsoft.AspNetCore.OutputCaching;", "using Microsoft.Extensions.DependencyInjection;", "", ns, "",
            f"[ApiController]", f"[Route(\"api/perf{i}\")]",
            f"public sealed class {c}Controller : ControllerBase", "{",
            "    [HttpGet(\"catalog\")]", "    [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Any)]",
            "    public IActionResult Catalog() => Ok(new[] { 1, 2, 3 });", "",
            "    [HttpGet(\"me\")]", "    public IActionResult Me()", "    {",
            ("        Response.Headers.CacheControl = \"public, max-age=300\";" if mistake else
             "        Response.Headers.CacheControl = \"private, no-store\";"),
            "        return Ok(User.Identity?.Name);", "    }", "}", "",
            f"public static class {c}Endpoints", "{",
            "    public static void Map(WebApplication app)", "    {",
            f"        app.MapGet(\"/perf{i}/products\", () => Results.Ok(new[] {{ 1 }})).CacheOutput(p => p.Expire(TimeSpan.FromMinutes(1)));",
            "    }", "}", ""]
    elif kind == "registration":
        body = header + ["using Microsoft.Extensions.DependencyInjection;", "using StackExchange.Redis;", "", ns, "",
            f"public static class {c}Registration", "{",
            "    public static IServiceCollection AddPerfCaching(this IServiceCollection services)", "    {",
            "        services.AddMemoryCache();",
            ("        services.AddScoped<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(\"localhost:6379\"));" if mistake else
             "        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(\"localhost:6379,abortConnect=false\"));"),
            "        return services;", "    }", "}", ""]
    else:
        raise ValueError(kind)
    return "\n".join(body)


KINDS = ["memory", "distributed", "redis", "hybrid", "fusion", "runtime", "memcached", "http", "registration"]

ENYIM_STUB = """// A source stub shaped like EnyimMemcachedCore's public API (the package is not served on this machine).
using System;
using System.Threading.Tasks;

namespace Enyim.Caching.Memcached
{
    public enum StoreMode { Add = 1, Replace, Set }
}

namespace Enyim.Caching
{
    public interface IMemcachedClient
    {
        Task<bool> StoreAsync(Enyim.Caching.Memcached.StoreMode mode, string key, object value, TimeSpan validFor);
        Task<T?> GetValueAsync<T>(string key);
        Task<bool> RemoveAsync(string key);
    }
}
"""

PROJECT_CACHING = """<Project Sdk="Microsoft.NET.Sdk.Web">
  <!-- Generated by build/perf/generate-codebase.py (caching-heavy variant). -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);CS1591;CS8618;CS0618</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="StackExchange.Redis" Version="3.4.35" />
    <PackageReference Include="Microsoft.Extensions.Caching.StackExchangeRedis" Version="10.0.12" />
    <PackageReference Include="Microsoft.Extensions.Caching.Hybrid" Version="10.11.0" />
    <PackageReference Include="ZiggyCreatures.FusionCache" Version="2.9.0" />
    <PackageReference Include="System.Runtime.Caching" Version="10.0.12" />
  </ItemGroup>
</Project>
"""

PROJECT_PLAIN = """<Project Sdk="Microsoft.NET.Sdk">
  <!-- Generated by build/perf/generate-codebase.py (variant without any caching library). -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);CS1591;CS8618</NoWarn>
  </PropertyGroup>
</Project>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-caching", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for name in ("Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"):
        with open(os.path.join(args.out, name), "w") as f:
            f.write("<Project />\n")
    with open(os.path.join(args.out, "Perf.csproj"), "w") as f:
        f.write(PROJECT_PLAIN if args.no_caching else PROJECT_CACHING)
    total_lines = 0
    caching_files = 0
    for i in range(args.files):
        folder = os.path.join(args.out, "Code", f"M{i % 40:02d}")
        os.makedirs(folder, exist_ok=True)
        if not args.no_caching and i % 8 == 7:
            text = caching_file(i, rng, KINDS[(i // 8) % len(KINDS)])
            caching_files += 1
        else:
            text = business_file(i, rng)
        total_lines += text.count("\n") + 1
        with open(os.path.join(folder, f"File{i:04d}.cs"), "w") as f:
            f.write(text)
    if not args.no_caching:
        with open(os.path.join(args.out, "Code", "EnyimStub.cs"), "w") as f:
            f.write(ENYIM_STUB)
    print(f"generate-codebase: {args.files} files, {total_lines} lines, {caching_files} caching files -> {args.out}")


if __name__ == "__main__":
    main()
