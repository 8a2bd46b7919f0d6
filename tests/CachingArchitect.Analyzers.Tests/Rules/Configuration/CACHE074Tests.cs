using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.CacheEntryNeverDisposedAnalyzer>;
using VerifyFix = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Configuration.CacheEntryNeverDisposedAnalyzer,
    CachingArchitect.CodeFixes.Rules.Configuration.CacheEntryNeverDisposedCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Configuration;

public class CACHE074Tests
{
    private static string Message(string what) =>
        $"The ICacheEntry from 'CreateEntry' {what}, so it is never committed to the cache: an entry is only added when it is disposed; use 'using var entry = …' or the Set extension methods";

    private static DiagnosticResult At(int location, string what) =>
        VerifyCS.Diagnostic().WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(Message(what));

    // ------------------------------------------------------------------ triggers

    [Fact]
    public Task Local_entry_that_is_configured_but_never_disposed() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, decimal price)
            {
                var entry = cache.{|#0:CreateEntry|}($"price:{id}");
                entry.Value = price;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            }

            public void PutFluent(int id, decimal price)
            {
                ICacheEntry entry = cache.{|#1:CreateEntry|}($"price:{id}").SetValue(price);
                entry.SetAbsoluteExpiration(TimeSpan.FromMinutes(5));
            }
        }
        """,
        At(0, "is held in 'entry' but never disposed"), At(1, "is held in 'entry' but never disposed"));

    [Fact]
    public Task Fluent_one_liner_and_discarded_entries() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, decimal price) =>
                cache.{|#0:CreateEntry|}($"price:{id}").SetValue(price).SetAbsoluteExpiration(TimeSpan.FromMinutes(5));

            public void Touch(int id)
            {
                cache.{|#1:CreateEntry|}($"price:{id}");
                _ = cache.{|#2:CreateEntry|}($"price-touch:{id}");
            }
        }
        """,
        At(0, "is configured fluently and then dropped"), At(1, "is discarded"), At(2, "is discarded"));

    [Fact]
    public Task Local_assigned_later_and_dedicated_MemoryCache() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache
        {
            private readonly MemoryCache _cache = new(new MemoryCacheOptions());

            public void Put(int id, decimal price)
            {
                ICacheEntry entry;
                entry = _cache.{|#0:CreateEntry|}(id);
                entry.Value = price;
                entry.SlidingExpiration = TimeSpan.FromMinutes(1);
            }
        }
        """,
        At(0, "is stored in 'entry' but never disposed"));

    // ------------------------------------------------------------------ does not trigger (catalog bullets)

    [Fact]
    public Task Using_declarations_and_statements_are_fine() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, decimal price)
            {
                using var entry = cache.CreateEntry($"price:{id}");
                entry.Value = price;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            }

            public void PutBlock(int id, decimal price)
            {
                using (var entry = cache.CreateEntry($"price:{id}"))
                {
                    entry.SetValue(price).SetSize(1).SetAbsoluteExpiration(TimeSpan.FromMinutes(5));
                }

                using (cache.CreateEntry($"price-fluent:{id}").SetValue(price).SetAbsoluteExpiration(TimeSpan.FromMinutes(5)))
                {
                }
            }
        }
        """);

    [Fact]
    public Task Explicit_Dispose_is_fine_in_a_finally_or_at_the_end_of_a_chain() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, Func<decimal> load)
            {
                var entry = cache.CreateEntry($"price:{id}");
                try
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                    entry.Value = load();
                }
                finally
                {
                    entry.Dispose();
                }
            }

            public void PutOneLiner(int id, decimal price) =>
                cache.CreateEntry($"price:{id}").SetValue(price).SetAbsoluteExpiration(TimeSpan.FromMinutes(5)).Dispose();
        }
        """);

    [Fact]
    public Task Entries_returned_to_the_caller_are_owned_by_it() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public ICacheEntry Begin(int id) => cache.CreateEntry($"price:{id}").SetAbsoluteExpiration(TimeSpan.FromMinutes(5));

            public ICacheEntry BeginConfigured(int id)
            {
                var entry = cache.CreateEntry($"price:{id}");
                entry.SlidingExpiration = TimeSpan.FromMinutes(1);
                return entry;
            }
        }
        """);

    // ------------------------------------------------------------------ looks wrong but is fine

    [Fact]
    public Task Looks_wrong_but_is_fine_a_decorating_IMemoryCache() => VerifyCS.VerifyAsync("""
        public sealed class CountingCache(IMemoryCache inner) : IMemoryCache
        {
            public int Writes { get; private set; }

            public ICacheEntry CreateEntry(object key)
            {
                Writes++;
                return inner.CreateEntry(key);
            }

            public void Remove(object key) => inner.Remove(key);

            public bool TryGetValue(object key, out object? value) => inner.TryGetValue(key, out value);

            public void Dispose() => inner.Dispose();
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_entry_handed_to_a_committer_or_stored() => VerifyCS.VerifyAsync("""
        public sealed class BatchWriter(IMemoryCache cache)
        {
            private readonly List<ICacheEntry> _pending = new();
            private ICacheEntry? _current;

            public void Stage(string key, object value)
            {
                var entry = cache.CreateEntry(key);
                entry.Value = value;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                _pending.Add(entry);
            }

            public void Open(string key) => _current = cache.CreateEntry(key);

            public void Write(string key, object value)
            {
                var entry = cache.CreateEntry(key).SetValue(value);
                Commit(entry);
            }

            public void Flush()
            {
                foreach (var entry in _pending)
                {
                    entry.Dispose();
                }

                _current?.Dispose();
            }

            private static void Commit(ICacheEntry entry) => entry.Dispose();
        }
        """);

    [Fact]
    public Task Looks_wrong_but_is_fine_conditional_commit_and_dispose_in_a_callback() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            // Commits only when a price was found; an entry never disposed is simply not stored, which is the intent.
            public void PutIfFound(int id, decimal? price)
            {
                var entry = cache.CreateEntry($"price:{id}");
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                if (price is { } value)
                {
                    entry.Value = value;
                    entry.Dispose();
                }
            }

            public Task PutLaterAsync(int id, Task<decimal> pending)
            {
                var entry = cache.CreateEntry($"price:{id}");
                return pending.ContinueWith(t =>
                {
                    entry.Value = t.Result;
                    entry.Dispose();
                });
            }
        }
        """);

    [Fact]
    public Task Set_and_GetOrCreate_are_not_CreateEntry() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, decimal price) => cache.Set($"price:{id}", price, TimeSpan.FromMinutes(5));

            public decimal Get(int id) => cache.GetOrCreate($"price:{id}", entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
                return 1m;
            });
        }
        """);

    // ------------------------------------------------------------------ fixes

    [Fact]
    public Task Fix_adds_using_and_rewrites_one_liners_with_Fix_All() => VerifyFix.VerifyFixAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, decimal price)
            {
                var entry = cache.{|#0:CreateEntry|}($"price:{id}");
                entry.Value = price;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            }

            public void PutFluent(int id, decimal price)
            {
                // keep me
                cache.{|#1:CreateEntry|}($"price:{id}").SetValue(price).SetSize(1).SetAbsoluteExpiration(TimeSpan.FromMinutes(5));
            }

            public void PutValueOnly(int id, decimal price)
            {
                cache.{|#2:CreateEntry|}(id).SetValue(price);
            }

            public void PutOptionsFirst(int id, decimal price, MemoryCacheEntryOptions options)
            {
                var entry = 1;
                cache.{|#3:CreateEntry|}(id).SetOptions(options).SetValue(price);
            }
        }
        """, """
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Put(int id, decimal price)
            {
                using var entry = cache.CreateEntry($"price:{id}");
                entry.Value = price;
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            }

            public void PutFluent(int id, decimal price)
            {
                // keep me
                cache.Set($"price:{id}", price, new MemoryCacheEntryOptions().SetSize(1).SetAbsoluteExpiration(TimeSpan.FromMinutes(5)));
            }

            public void PutValueOnly(int id, decimal price)
            {
                cache.Set(id, price);
            }

            public void PutOptionsFirst(int id, decimal price, MemoryCacheEntryOptions options)
            {
                var entry = 1;
                using (var entry2 = cache.CreateEntry(id))
                {
                    entry2.SetOptions(options).SetValue(price);
                }
            }
        }
        """,
        At(0, "is held in 'entry' but never disposed"),
        At(1, "is configured fluently and then dropped"),
        At(2, "is configured fluently and then dropped"),
        At(3, "is configured fluently and then dropped"));

    [Fact]
    public Task Bare_discard_and_reassigned_locals_are_reported_without_a_fix_shape() => VerifyCS.VerifyAsync("""
        public sealed class PriceCache(IMemoryCache cache)
        {
            public void Touch(int id)
            {
                cache.{|#0:CreateEntry|}(id);
            }

            public void Swap(int id, decimal price)
            {
                var entry = cache.{|#1:CreateEntry|}(id);
                entry.Value = price;
                entry = cache.{|#2:CreateEntry|}(id + 1);
                entry.Value = price;
            }
        }
        """,
        At(0, "is discarded"), At(1, "is held in 'entry' but never disposed"), At(2, "is stored in 'entry' but never disposed"));
}
