using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.UnboundedDictionaryCacheAnalyzer>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE008Tests
{
    private const string Untainted = "{0} '{1}' is used as a cache: it memoizes values under keys of an unbounded domain and nothing in the compilation ever removes them; use IMemoryCache with SizeLimit and a TTL, or a bounded LRU";
    private const string Tainted = "{0} '{1}' is used as a cache: it memoizes values under keys of an unbounded domain and nothing in the compilation ever removes them; the keys come from request input ({2}), so any caller can grow it until the process runs out of memory";

    private static DiagnosticResult Info(int location, string holder, string field) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(string.Format(Untainted, holder, field));

    private static DiagnosticResult Warning(int location, string holder, string field, string source) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Warning)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(string.Format(Tainted, holder, field, source));

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Static_concurrent_dictionary_GetOrAdd_with_factory() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        class PriceService
        {
            private static readonly ConcurrentDictionary<string, decimal> {|#0:Prices|} = new();

            public decimal Get(string sku) => Prices.GetOrAdd(sku, s => Load(s));

            private static decimal Load(string sku) => sku.Length;
        }
        """, Info(0, "Static field", "Prices"));

    [Fact]
    public Task TryGetValue_compute_add_on_singleton_instance_field() => VerifyCS.VerifyAsync("""
        using Microsoft.Extensions.DependencyInjection;
        class UserLookup
        {
            private readonly Dictionary<Guid, string> {|#0:_names|} = new();

            public string Get(Guid id)
            {
                lock (_names)
                {
                    if (_names.TryGetValue(id, out var name))
                    {
                        return name;
                    }

                    name = id.ToString("N");
                    _names[id] = name;
                    return name;
                }
            }
        }

        static class Registration
        {
            public static void Configure(IServiceCollection services) => services.AddSingleton<UserLookup>();
        }
        """, Info(0, "Field of singleton UserLookup,", "_names"));

    [Fact]
    public Task Request_tainted_key_is_a_warning() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Mvc;
        public class SearchController : ControllerBase
        {
            private static readonly ConcurrentDictionary<string, string[]> {|#0:Results|} = new();

            public string[] Search(string q) => Results.GetOrAdd($"search:{q.Trim()}", _ => new[] { q });
        }
        """, Warning(0, "Static field", "Results", "parameter 'q'"));

    [Fact]
    public Task Request_query_in_minimal_api_is_a_warning() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        static class Endpoints
        {
            private static readonly ConcurrentDictionary<string, int> {|#0:Counts|} = new();

            public static void Map(WebApplication app)
            {
                app.MapGet("/a", (HttpRequest request) => Counts.GetOrAdd(request.Query["name"].ToString(), k => k.Length));
            }
        }
        """, Warning(0, "Static field", "Counts", "Request.Query"));

    [Fact]
    public Task Sanitized_or_typed_request_input_stays_info() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Mvc;
        public class OrdersController : ControllerBase
        {
            private static readonly ConcurrentDictionary<int, string> {|#0:ById|} = new();
            private static readonly ConcurrentDictionary<string, string> {|#1:ByHash|} = new();

            public string Get(int id) => ById.GetOrAdd(id, i => i.ToString());
            public string Parse(string raw) => ById.GetOrAdd(int.Parse(raw), i => i.ToString());
            public string Hash([FromServices] IServiceProvider services, string q) =>
                ByHash.GetOrAdd(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(q))), h => h);
        }
        """, Info(0, "Static field", "ById"), Info(1, "Static field", "ByHash"));

    [Fact]
    public Task Configured_taint_source_is_a_warning() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        namespace Acme { public static class RawInput { public static string Read(string name) => name; } }
        class C
        {
            private static readonly ConcurrentDictionary<string, int> {|#0:Lengths|} = new();

            public int M() => Lengths.GetOrAdd("k:" + Acme.RawInput.Read("q").Trim(), k => k.Length);
        }
        """, "caching_architect.taint_sources = Acme.RawInput.Read", RedisVersion.V3, Warning(0, "Static field", "Lengths", "RawInput.Read"));

    [Fact]
    public Task Without_configured_taint_source_the_same_code_is_info() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        namespace Acme { public static class RawInput { public static string Read(string name) => name; } }
        class C
        {
            private static readonly ConcurrentDictionary<string, int> {|#0:Lengths|} = new();

            public int M() => Lengths.GetOrAdd("k:" + Acme.RawInput.Read("q").Trim(), k => k.Length);
        }
        """, Info(0, "Static field", "Lengths"));

    [Fact]
    public Task Allow_listed_request_input_stays_info() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Mvc;
        public class SearchController : ControllerBase
        {
            private static readonly HashSet<string> Allowed = new() { "a", "b" };
            private static readonly ConcurrentDictionary<string, string[]> {|#0:Results|} = new();

            public string[] Search(string q)
            {
                if (!Allowed.Contains(q)) return Array.Empty<string>();
                return Results.GetOrAdd(q, _ => new[] { q });
            }
        }
        """, Info(0, "Static field", "Results"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Bounded_key_domains_and_reflection_caches() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        using System.Reflection;
        enum Kind { A, B }
        class C
        {
            private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Props = new();
            private static readonly ConcurrentDictionary<Kind, string> Names = new();
            private static readonly ConcurrentDictionary<bool, string> Flags = new();
            private static readonly ConcurrentDictionary<string, PropertyInfo[]> PropsByName = new();

            PropertyInfo[] M(Type t, Kind k, bool b)
            {
                _ = Names.GetOrAdd(k, x => x.ToString());
                _ = Flags.GetOrAdd(b, x => x.ToString());
                _ = PropsByName.GetOrAdd(t.FullName!, _ => t.GetProperties());
                return Props.GetOrAdd(t, x => x.GetProperties());
            }
        }
        """);

    [Fact]
    public Task Dictionary_with_removal_path() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        class C
        {
            private static readonly ConcurrentDictionary<string, int> Cache = new();
            private static Dictionary<string, int> _other = new();

            int M(string key) => Cache.GetOrAdd(key, k => k.Length);
            void Evict(string key) => Cache.TryRemove(key, out _);

            int N(string key)
            {
                if (_other.TryGetValue(key, out var v)) return v;
                _other[key] = key.Length;
                return key.Length;
            }

            void Reset() => _other = new Dictionary<string, int>();
        }
        """);

    [Fact]
    public Task Lookup_tables_filled_in_initializer_or_static_ctor() => VerifyCS.VerifyAsync("""
        class C
        {
            private static readonly Dictionary<string, int> Codes = new() { ["a"] = 1, ["b"] = 2 };
            private static readonly Dictionary<string, int> More = new();

            static C()
            {
                foreach (var name in new[] { "x", "y" })
                {
                    More.Add(name, name.Length);
                }
            }

            int M(string key) => Codes.TryGetValue(key, out var v) ? v : More[key];
        }
        """);

    [Fact]
    public Task Instance_field_of_non_singleton_and_constant_keys() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        class Scoped
        {
            private readonly ConcurrentDictionary<string, int> _perRequest = new();
            public int M(string key) => _perRequest.GetOrAdd(key, k => k.Length);
        }

        class C
        {
            private static readonly ConcurrentDictionary<string, int> Settings = new();
            public int M() => Settings.GetOrAdd("max", _ => 10);
        }
        """);

    [Fact]
    public Task Writes_without_memoization_shape() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        class C
        {
            private static readonly ConcurrentDictionary<string, int> Seen = new();
            public void M(string key, int value) => Seen[key] = value;
        }
        """);

    [Fact]
    public Task AddOrUpdate_counters_are_not_memoization() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        class C
        {
            private static readonly ConcurrentDictionary<string, int> Hits = new();
            public void M(string path) => Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
        """);

    [Fact]
    public Task Hashtable_memoization() => VerifyCS.VerifyAsync("""
        using System.Collections;
        class C
        {
            private static readonly Hashtable {|#0:Table|} = new();

            public object M(string key)
            {
                if (Table.ContainsKey(key)) return Table[key]!;
                var value = key.ToUpperInvariant();
                Table.Add(key, value);
                return value;
            }
        }
        """, Info(0, "Static field", "Table"));

    [Fact]
    public Task Erroneous_code_does_not_crash() => VerifyCS.VerifyAsync("""
        using System.Collections.Concurrent;
        class C
        {
            private static readonly ConcurrentDictionary<string, int> Cache = new();
            private static readonly ConcurrentDictionary<{|CS0246:Missing|}, int> Broken = new();
            int M(string key) => Cache.GetOrAdd({|CS0103:undefined|}, k => k.Length) + Broken.GetOrAdd({|CS1503:key|}, _ => 1);
        }
        """);

    [Fact]
    public Task Project_without_caching_library() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        using System.Collections.Concurrent;
        class C
        {
            private static readonly ConcurrentDictionary<string, int> Cache = new();
            int M(string key) => Cache.GetOrAdd(key, k => k.Length);
        }
        """);
}
