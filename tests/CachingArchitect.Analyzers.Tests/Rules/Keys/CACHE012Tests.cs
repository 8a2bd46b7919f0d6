using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.AmbiguousKeyCompositionAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Keys.AmbiguousKeyCompositionAnalyzer,
    CachingArchitect.CodeFixes.Rules.Keys.AmbiguousKeyCompositionCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Keys;

public class CACHE012Tests
{
    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Adjacent_numeric_holes() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(HybridCache cache, int customerId, int orderId) =>
                cache.SetAsync($"order:{customerId}{|#0:{orderId}|}", 1);
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'customerId' and 'orderId'"));

    [Fact]
    public Task HybridCache_interpolated_handler_overload() => VerifyCS.VerifyAsync("""
        class C
        {
            ValueTask<int> M(HybridCache cache, int a, int b) => cache.GetOrCreateAsync($"order:{a}[|{b}|]", ct => ValueTask.FromResult(1));
        }
        """);

    [Fact]
    public Task Adjacent_concatenated_parts() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDatabase db, long tenant, long user) => db.StringSet("u:" + tenant + [|user|], "v");
        }
        """);

    [Fact]
    public Task Literal_ending_in_digit_then_number() => VerifyCS.VerifyAsync("""
        class C
        {
            object? M(IMemoryCache cache, int id) => cache.Get($"v2{|#0:{id}|}");
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'v2' and 'id'"));

    [Fact]
    public Task Literal_ending_in_letter_then_free_string() => VerifyCS.VerifyAsync("""
        class C
        {
            object? M(IMemoryCache cache, string name) => cache.Get("user" + [|name|]);
        }
        """);

    [Fact]
    public Task Adjacent_parts_through_a_local_reported_once() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IDistributedCache cache, int customerId, int orderId)
            {
                var key = string.Concat("order:", customerId, [|orderId|]);
                cache.GetString(key);
                cache.Remove(key);
            }
        }
        """);

    [Fact]
    public Task Enum_values_adjacent() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, DayOfWeek from, DayOfWeek to) => cache.Remove($"range:{from}{|#0:{to}|}");
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'from' and 'to'"));

    // ------------------------------------------------------------------ does not trigger

    [Fact]
    public Task Fixed_width_formats() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int customerId, int orderId, Guid a, Guid b, int c)
            {
                cache.Remove($"order:{customerId:D10}{orderId:D10}");
                cache.Remove($"pair:{a:N}{b:N}");
                cache.Remove($"pair:{a}{c}");
                cache.Remove($"al:{customerId,10}{orderId}");
            }
        }
        """);

    [Fact]
    public Task Separators_between_parts() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int a, int b, string s)
            {
                cache.Remove($"order:{a}:{b}");
                cache.Remove($"order/{a}/{b}");
                cache.Remove($"order|{a}|{b}");
                cache.Remove($"order_{a}_{b}");
                cache.Remove($"order-{a}-{b}");
                cache.Remove($"order.{a}.{b}");
                cache.Remove("user:" + s);
            }
        }
        """);

    [Fact]
    public Task Letter_then_number_is_unambiguous() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int id, DayOfWeek day) => cache.Remove($"product{id}{day}");
        }
        """);

    [Fact]
    public Task Unknown_prefix_parameter() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, string prefix, int id) => cache.Remove($"{prefix}{id}");
        }
        """);

    [Fact]
    public Task Custom_separator_configuration() => VerifyCS.VerifyAsync("""
        class C
        {
            void M(IMemoryCache cache, int a, int b) => cache.Remove($"order#{a}#{b}");
        }
        """, "caching_architect.key_separators = #", RedisVersion.V3);

    // ------------------------------------------------------------------ fix

    [Fact]
    public Task Fix_inserts_colon_between_holes() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int customerId, int orderId) => cache.Remove($"order:{customerId}[|{orderId}|]");
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int customerId, int orderId) => cache.Remove($"order:{customerId}:{orderId}");
        }
        """);

    [Fact]
    public Task Fix_in_handler_interpolation() => VerifyFix.VerifyFixAsync("""
        class C
        {
            ValueTask<int> M(HybridCache cache, int a, int b) => cache.GetOrCreateAsync($"order:{a}[|{b}|]", ct => ValueTask.FromResult(1));
        }
        """, """
        class C
        {
            ValueTask<int> M(HybridCache cache, int a, int b) => cache.GetOrCreateAsync($"order:{a}:{b}", ct => ValueTask.FromResult(1));
        }
        """);

    [Fact]
    public Task Fix_appends_to_literal_and_between_operands() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, long a, long b, string name)
            {
                cache.Remove("u:" + a + [|b|]);
                cache.Remove("user" + [|name|]);
                cache.Remove(string.Concat("k:", a, [|b|]));
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, long a, long b, string name)
            {
                cache.Remove("u:" + a + ":" + b);
                cache.Remove("user:" + name);
                cache.Remove(string.Concat("k:", a, ":", b));
            }
        }
        """);

    [Fact]
    public Task Fix_all_uses_configured_separator() => VerifyFix.VerifyFixAsync("""
        class C
        {
            void M(IMemoryCache cache, int a, int b, int c)
            {
                cache.Remove($"k/{a}[|{b}|][|{c}|]");
                cache.Remove($"v2[|{a}|]");
            }
        }
        """, """
        class C
        {
            void M(IMemoryCache cache, int a, int b, int c)
            {
                cache.Remove($"k/{a}/{b}/{c}");
                cache.Remove($"v2/{a}");
            }
        }
        """, "caching_architect.key_separators = /:", RedisVersion.V3);

    // ------------------------------------------------------------------ generated key-schema keys are safe

    [Fact]
    public Task Schema_keys_are_composed_by_the_generator() => CachingArchitect.Analyzers.Tests.Rules.Schema.SchemaVerify<
        CachingArchitect.Analyzers.Rules.Keys.AmbiguousKeyCompositionAnalyzer>.VerifyAsync(SchemaTestSupport.ShopKeys + """
        class C
        {
            void M(IDatabase db, IMemoryCache memory, int customer, int order)
            {
                memory.Set(ShopKeys.Order(customer, order).Value, "x", TimeSpan.FromMinutes(5));
                db.StringSet(ShopKeys.Order(customer, order).AsRedisKey(), "x", TimeSpan.FromMinutes(5));
                db.StringGet(ShopKeys.Order(customer, order).ToString());
            }
        }
        """);
}
