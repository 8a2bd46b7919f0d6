using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.HybridValueNotReuseSafeAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Performance.HybridValueNotReuseSafeAnalyzer,
    CachingArchitect.CodeFixes.Rules.Performance.HybridValueNotReuseSafeCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Performance;

public class CACHE045Tests
{
    [Fact]
    public Task Immutable_record_and_class_not_sealed_or_not_marked() => VerifyCS.VerifyAsync("""
        using System.ComponentModel;

        public record Product(int Id, string Name, IReadOnlyList<string> Tags);

        [ImmutableObject(true)]
        public class Price
        {
            public Price(decimal amount) => Amount = amount;
            public decimal Amount { get; }
        }

        public sealed class Stock
        {
            public int Count { get; init; }
            public System.Collections.Immutable.ImmutableArray<string> Sites { get; init; }
        }

        class C
        {
            async Task M(HybridCache cache, int id)
            {
                var p = await cache.[|GetOrCreateAsync|]($"product:{id}", ct => ValueTask.FromResult(new Product(id, "x", new List<string>())));
                await cache.[|SetAsync|]($"price:{id}", new Price(1m));
                var s = await cache.[|GetOrCreateAsync|]($"stock:{id}", id, (state, ct) => ValueTask.FromResult(new Stock { Count = state }));
            }
        }
        """);

    [Fact]
    public Task Readonly_struct_with_reference_fields_needs_the_attribute() => VerifyCS.VerifyAsync("""
        public readonly record struct Label(int Id, string Text);

        class C
        {
            ValueTask<Label> M(HybridCache cache, int id) =>
                cache.[|GetOrCreateAsync|]($"label:{id}", ct => ValueTask.FromResult(new Label(id, "x")));
        }
        """);

    [Fact]
    public Task Does_not_trigger_for_string_bytes_blittable_structs_and_reuse_safe_types() => VerifyCS.VerifyAsync("""
        using System.ComponentModel;

        public readonly record struct Point(int X, int Y);

        [ImmutableObject(true)]
        public sealed record Product(int Id, string Name);

        [ImmutableObject(true)]
        public readonly struct Tagged
        {
            public Tagged(string tag) => Tag = tag;
            public string Tag { get; }
        }

        class C
        {
            async Task M(HybridCache cache, int id)
            {
                var s = await cache.GetOrCreateAsync($"s:{id}", ct => ValueTask.FromResult("x"));
                var b = await cache.GetOrCreateAsync($"b:{id}", ct => ValueTask.FromResult(new byte[1]));
                var p = await cache.GetOrCreateAsync($"p:{id}", ct => ValueTask.FromResult(new Point(1, 2)));
                var q = await cache.GetOrCreateAsync($"q:{id}", ct => ValueTask.FromResult(new Product(1, "x")));
                var t = await cache.GetOrCreateAsync($"t:{id}", ct => ValueTask.FromResult(new Tagged("x")));
                var n = await cache.GetOrCreateAsync($"n:{id}", ct => ValueTask.FromResult(42));
            }
        }
        """);

    [Fact]
    public Task Does_not_trigger_for_mutable_types() => VerifyCS.VerifyAsync("""
        using System.ComponentModel;

        public class Cart
        {
            public List<string> Items { get; set; } = new();
        }

        public record Basket(int Id)
        {
            public List<string> Items { get; init; } = new();
        }

        public record Order(int Id, string[] Lines);

        public class Counter
        {
            private int _count;
            public int Count => _count;
            public void Add() => _count++;
        }

        public struct MutablePoint { public string Name; }

        [ImmutableObject(false)]
        public record Flagged(int Id);

        public abstract record Shape(int Sides);

        class C
        {
            async Task M(HybridCache cache, IMemoryCache memory, int id)
            {
                var a = await cache.GetOrCreateAsync($"a:{id}", ct => ValueTask.FromResult(new Cart()));
                var b = await cache.GetOrCreateAsync($"b:{id}", ct => ValueTask.FromResult(new Basket(1)));
                var c = await cache.GetOrCreateAsync($"c:{id}", ct => ValueTask.FromResult(new Order(1, new string[0])));
                var d = await cache.GetOrCreateAsync($"d:{id}", ct => ValueTask.FromResult(new Counter()));
                var e = await cache.GetOrCreateAsync($"e:{id}", ct => ValueTask.FromResult(new MutablePoint()));
                var f = await cache.GetOrCreateAsync($"f:{id}", ct => ValueTask.FromResult(new Flagged(1)));
                var g = await cache.GetOrCreateAsync<Shape?>($"g:{id}", ct => ValueTask.FromResult<Shape?>(null));
            }
        }
        """);

    [Fact]
    public Task Fix_adds_sealed_and_the_attribute() => FixVerifier.VerifyFixAsync("""
        namespace Shop
        {
            public record Product(int Id, string Name);

            /// <summary>A price.</summary>
            [Serializable]
            public class Price
            {
                public decimal Amount { get; init; }
            }

            public readonly record struct Label(int Id, string Text);

            class C
            {
                async Task M(HybridCache cache, int id)
                {
                    var a = await cache.[|GetOrCreateAsync|]($"product:{id}", ct => ValueTask.FromResult(new Product(id, "x")));
                    var b = await cache.[|GetOrCreateAsync|]($"product2:{id}", ct => ValueTask.FromResult(new Product(id, "y")));
                    await cache.[|SetAsync|]($"price:{id}", new Price { Amount = 1m });
                    await cache.[|SetAsync|]($"label:{id}", new Label(1, "x"));
                }
            }
        }
        """, """
        namespace Shop
        {
            [global::System.ComponentModel.ImmutableObject(true)]
            public sealed record Product(int Id, string Name);

            /// <summary>A price.</summary>
            [global::System.ComponentModel.ImmutableObject(true)]
            [Serializable]
            public sealed class Price
            {
                public decimal Amount { get; init; }
            }

            [global::System.ComponentModel.ImmutableObject(true)]
            public readonly record struct Label(int Id, string Text);

            class C
            {
                async Task M(HybridCache cache, int id)
                {
                    var a = await cache.GetOrCreateAsync($"product:{id}", ct => ValueTask.FromResult(new Product(id, "x")));
                    var b = await cache.GetOrCreateAsync($"product2:{id}", ct => ValueTask.FromResult(new Product(id, "y")));
                    await cache.SetAsync($"price:{id}", new Price { Amount = 1m });
                    await cache.SetAsync($"label:{id}", new Label(1, "x"));
                }
            }
        }
        """);
}
