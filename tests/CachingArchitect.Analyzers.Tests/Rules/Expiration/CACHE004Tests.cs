using System.Threading.Tasks;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.RedisKeyWithoutTtlAnalyzer>;
using FixVerifier = CachingArchitect.Analyzers.Tests.Infrastructure.Verifier<
    CachingArchitect.Analyzers.Rules.Expiration.RedisKeyWithoutTtlAnalyzer,
    CachingArchitect.CodeFixes.Rules.Expiration.RedisKeyWithoutTtlCodeFix>;

namespace CachingArchitect.Analyzers.Tests.Rules.Expiration;

public class CACHE004Tests
{
    private static Task Verify(RedisVersion redis, string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyCS.VerifyAsync(source, editorConfig: null, redis, expected);

    private static Task VerifyFix(RedisVersion redis, string source, string fixedSource) =>
        FixVerifier.VerifyFixAsync(source, fixedSource, editorConfig: null, redis);

    // ------------------------------------------------------------------ (a) triggers

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task StringSet_without_expiry(RedisVersion redis) => Verify(redis, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                db.[|StringSet|]($"user:{id}", "value");
                await db.[|StringSetAsync|]($"user:{id}", "value");
                db.[|StringSet|]($"user:{id}", "value", flags: CommandFlags.FireAndForget);
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task StringSet_with_max_value_expiry(RedisVersion redis) => Verify(redis, """
        class C
        {
            void M(IDatabase db, int id) => db.[|StringSet|]($"user:{id}", "value", TimeSpan.MaxValue);
        }
        """);

    [Fact]
    public Task StringSet_with_null_expiry_v2() => Verify(RedisVersion.V2, """
        class C
        {
            void M(IDatabase db, int id)
            {
                db.[|StringSet|]($"a:{id}", "value", null);
                TimeSpan? ttl = null;
                db.[|StringSet|]($"b:{id}", "value", ttl, keepTtl: false);
            }
        }
        """);

    [Fact]
    public Task StringSet_with_no_expiry_expiration_values_v3() => Verify(RedisVersion.V3, """
        class C
        {
            void M(IDatabase db, int id)
            {
                db.[|StringSet|]($"a:{id}", "value", Expiration.Persist);
                db.[|StringSet|]($"b:{id}", "value", Expiration.Default);
                db.[|StringSet|]($"c:{id}", "value", default(Expiration));
                db.[|StringSet|]($"d:{id}", "value", DateTime.MaxValue);
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Multi_key_StringSet_without_expiry(RedisVersion redis) => Verify(redis, """
        class C
        {
            void M(IDatabase db, KeyValuePair<RedisKey, RedisValue>[] pairs) => db.[|StringSet|](pairs);
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Message_for_missing_ttl(RedisVersion redis) => Verify(redis, """
        class C
        {
            void M(IDatabase db, int id) => db.{|#0:StringSet|}($"user:{id}", "value");
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'StringSet' writes a Redis key without a TTL: it never expires and is invisible to volatile-* eviction, and a successful SET discards any TTL the key had"));

    // ------------------------------------------------------------------ (b) triggers

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task StringSet_then_KeyExpire(RedisVersion redis) => Verify(redis, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                var key = $"user:{id}";
                await db.{|#0:StringSetAsync|}(key, "value");
                await db.KeyExpireAsync(key, TimeSpan.FromMinutes(10));
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'StringSetAsync' followed by 'KeyExpireAsync' sets the TTL in a second, non-atomic round trip: a failure in between leaves a key that never expires; pass the TTL to 'StringSetAsync'"));

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task StringSet_then_conditional_KeyExpire_is_reported_without_merge(RedisVersion redis) => Verify(redis, """
        class C
        {
            void M(IDatabase db, int id, bool expire)
            {
                db.{|#0:StringSet|}($"user:{id}", "value");
                if (expire)
                {
                    db.KeyExpire($"user:{id}", TimeSpan.FromMinutes(10));
                }
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(
            "'StringSet' followed by 'KeyExpire' sets the TTL in a second, non-atomic round trip: a failure in between leaves a key that never expires; pass the TTL to 'StringSet'"));

    // ------------------------------------------------------------------ (c) Info variant

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Data_structure_writes_without_KeyExpire_are_info(RedisVersion redis) => Verify(redis, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                db.{|#0:HashSet|}($"user:{id}", "name", "value");
                await db.{|#1:ListRightPushAsync|}($"log:{id}", "entry");
                db.{|#2:StringIncrement|}($"hits:{id}");
                db.{|#3:SortedSetAdd|}($"rank:{id}", "member", 1.0);
                db.{|#4:SetAdd|}($"tags:{id}", "t");
            }
        }
        """,
        Info(0, "HashSet"), Info(1, "ListRightPushAsync"), Info(2, "StringIncrement"), Info(3, "SortedSetAdd"), Info(4, "SetAdd"));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Info(int location, string method) =>
        VerifyCS.Diagnostic().WithLocation(location).WithSeverity(DiagnosticSeverity.Info).WithArguments(
            $"'{method}' writes a Redis key that no 'KeyExpire' in this method gives a TTL: it never expires; set a TTL, or list its prefix in caching_architect.permanent_key_prefixes if it is permanent by design");

    // ------------------------------------------------------------------ does not trigger

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task StringSet_with_ttl(RedisVersion redis) => Verify(redis, """
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
            async Task M(IDatabase db, int id, TimeSpan fromCaller)
            {
                db.StringSet($"a:{id}", "value", TimeSpan.FromMinutes(5));
                db.StringSet($"b:{id}", "value", Ttl);
                db.StringSet($"c:{id}", "value", fromCaller);
                await db.StringSetAsync($"d:{id}", "value", expiry: TimeSpan.FromSeconds(30), flags: CommandFlags.FireAndForget);
            }
        }
        """);

    [Fact]
    public Task KeepTtl_true_v2() => Verify(RedisVersion.V2, """
        class C
        {
            void M(IDatabase db, int id) => db.StringSet($"a:{id}", "value", keepTtl: true);
        }
        """);

    [Fact]
    public Task Expiration_KeepTtl_v3() => Verify(RedisVersion.V3, """
        class C
        {
            void M(IDatabase db, int id)
            {
                db.StringSet($"a:{id}", "value", Expiration.KeepTtl);
                db.StringSet($"b:{id}", "value", null, keepTtl: true);
            }
        }
        """);

    [Fact]
    public Task Multi_key_StringSet_with_expiry_v3() => Verify(RedisVersion.V3, """
        class C
        {
            void M(IDatabase db, KeyValuePair<RedisKey, RedisValue>[] pairs) => db.StringSet(pairs, When.Always, TimeSpan.FromMinutes(5));
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task KeyExpire_in_the_same_transaction_or_batch(RedisVersion redis) => Verify(redis, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                var tran = db.CreateTransaction();
                _ = tran.StringSetAsync($"user:{id}", "value");
                _ = tran.KeyExpireAsync($"user:{id}", TimeSpan.FromMinutes(10));
                await tran.ExecuteAsync();

                var batch = db.CreateBatch();
                var key = $"order:{id}";
                _ = batch.StringSetAsync(key, "value");
                _ = batch.KeyExpireAsync(key, TimeSpan.FromMinutes(10));
                _ = batch.HashSetAsync($"h:{id}", "f", "v");
                _ = batch.KeyExpireAsync($"h:{id}", TimeSpan.FromMinutes(10));
                batch.Execute();
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Permanent_key_prefixes_are_allowed(RedisVersion redis) => VerifyCS.VerifyAsync("""
        class C
        {
            private const string QueuePrefix = "queue:";
            void M(IDatabase db, int id)
            {
                db.StringSet("seq:orders", "0");
                db.StringSet(QueuePrefix + id, "value");
                db.ListLeftPush($"queue:{id}", "job");
                db.StringIncrement("seq:" + id);
                db.[|StringSet|]($"user:{id}", "value");
            }
        }
        """, "caching_architect.permanent_key_prefixes = queue:, stream:, seq:", redis);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Set_if_not_exists_lock_pattern(RedisVersion redis) => Verify(redis, """
        class C
        {
            void M(IDatabase db, int id) => db.StringSet($"lock:{id}", "owner", when: When.NotExists);
        }
        """);

    [Fact]
    public Task Set_if_not_exists_value_condition_v3() => Verify(RedisVersion.V3, """
        class C
        {
            void M(IDatabase db, int id) => db.StringSet($"lock:{id}", "owner", when: ValueCondition.NotExists);
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Data_structure_writes_with_KeyExpire_and_StreamAdd(RedisVersion redis) => Verify(redis, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                var key = $"user:{id}";
                await db.HashSetAsync(key, "name", "value");
                await db.KeyExpireAsync(key, TimeSpan.FromMinutes(10));
                var listKey = $"list:{id}";
                db.ListRightPush(listKey, "entry");
                db.KeyExpire($"list:{id}", TimeSpan.FromMinutes(10));
                var hits = db.StringIncrement($"hits:{id}");
                if (hits == 1)
                {
                    db.KeyExpire($"hits:{id}", TimeSpan.FromMinutes(1));
                }

                db.StreamAdd($"events:{id}", "field", "value", maxLength: 1000, useApproximateMaxLength: true);
            }
        }
        """);

    [Fact]
    public Task No_caching_library_referenced() => VerifyCS.VerifyWithoutCachingLibrariesAsync("""
        class C { void M(System.Collections.Generic.Dictionary<string, string> d) => d["a"] = "b"; }
        """);

    // ------------------------------------------------------------------ fixes

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Fix_adds_expiry(RedisVersion redis) => VerifyFix(redis, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                db.[|StringSet|]($"a:{id}", "value");
                await db.[|StringSetAsync|]($"b:{id}", "value");
                db.[|StringSet|]($"c:{id}", "value", flags: CommandFlags.FireAndForget);
            }
        }
        """, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                db.StringSet($"a:{id}", "value", TimeSpan.FromMinutes(5));
                await db.StringSetAsync($"b:{id}", "value", TimeSpan.FromMinutes(5));
                db.StringSet($"c:{id}", "value", flags: CommandFlags.FireAndForget, expiry: TimeSpan.FromMinutes(5));
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Fix_replaces_no_expiry_value_and_uses_default_ttl(RedisVersion redis) => FixVerifier.VerifyFixAsync("""
        class C
        {
            void M(IDatabase db, int id) => db.[|StringSet|]($"a:{id}", "value", TimeSpan.MaxValue);
        }
        """, """
        class C
        {
            void M(IDatabase db, int id) => db.StringSet($"a:{id}", "value", TimeSpan.FromHours(1));
        }
        """, "caching_architect.default_ttl = 1h", redis);

    [Fact]
    public Task Fix_multi_key_uses_msetex_overload_v3() => VerifyFix(RedisVersion.V3, """
        class C
        {
            void M(IDatabase db, KeyValuePair<RedisKey, RedisValue>[] pairs) => db.[|StringSet|](pairs);
        }
        """, """
        class C
        {
            void M(IDatabase db, KeyValuePair<RedisKey, RedisValue>[] pairs) => db.StringSet(pairs, expiry: TimeSpan.FromMinutes(5));
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2)]
    [InlineData(RedisVersion.V3)]
    public Task Fix_merges_KeyExpire_into_StringSet(RedisVersion redis) => VerifyFix(redis, """
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

            async Task M(IDatabase db, int id)
            {
                var key = $"user:{id}";
                await db.[|StringSetAsync|](key, "value");
                await db.KeyExpireAsync(key, Ttl);
                db.[|StringSet|]($"other:{id}", "value");
                db.KeyExpire($"other:{id}", TimeSpan.FromSeconds(30));
                Console.WriteLine(key);
            }
        }
        """, """
        class C
        {
            private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

            async Task M(IDatabase db, int id)
            {
                var key = $"user:{id}";
                await db.StringSetAsync(key, "value", Ttl);
                db.StringSet($"other:{id}", "value", TimeSpan.FromSeconds(30));
                Console.WriteLine(key);
            }
        }
        """);

    [Fact]
    public Task Fix_all_handles_mixed_shapes() => VerifyFix(RedisVersion.V3, """
        class C
        {
            void M(IDatabase db, int id)
            {
                db.[|StringSet|]($"a:{id}", "value");
                db.[|StringSet|]($"b:{id}", "value", Expiration.Persist);
                db.[|StringSet|]($"c:{id}", "value");
                db.KeyExpire($"c:{id}", TimeSpan.FromSeconds(30));
            }
        }
        """, """
        class C
        {
            void M(IDatabase db, int id)
            {
                db.StringSet($"a:{id}", "value", TimeSpan.FromMinutes(5));
                db.StringSet($"b:{id}", "value", TimeSpan.FromMinutes(5));
                db.StringSet($"c:{id}", "value", TimeSpan.FromSeconds(30));
            }
        }
        """);

    [Fact]
    public Task Fix_all_merges_several_adjacent_KeyExpire_calls() => VerifyFix(RedisVersion.V3, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                await db.[|StringSetAsync|]($"a:{id}", "value");
                await db.KeyExpireAsync($"a:{id}", TimeSpan.FromSeconds(30));
                await db.[|StringSetAsync|]($"b:{id}", "value");
                await db.KeyExpireAsync($"b:{id}", TimeSpan.FromMinutes(2));
                db.[|StringSet|]($"c:{id}", "value");
                db.KeyExpire($"c:{id}", TimeSpan.FromHours(1));
            }
        }
        """, """
        class C
        {
            async Task M(IDatabase db, int id)
            {
                await db.StringSetAsync($"a:{id}", "value", TimeSpan.FromSeconds(30));
                await db.StringSetAsync($"b:{id}", "value", TimeSpan.FromMinutes(2));
                db.StringSet($"c:{id}", "value", TimeSpan.FromHours(1));
            }
        }
        """);

    [Theory]
    [InlineData(RedisVersion.V2, "db.StringSet($\"a:{id}\", \"value\", keepTtl: true);")]
    [InlineData(RedisVersion.V3, "db.StringSet($\"a:{id}\", \"value\", Expiration.KeepTtl);")]
    public async Task Second_action_keeps_the_existing_ttl(RedisVersion redis, string fixedCall)
    {
        var test = new KeepTtlFixTest(redis)
        {
            CodeActionEquivalenceKey = CachingArchitect.CodeFixes.Rules.Expiration.RedisKeyWithoutTtlCodeFix.KeepTtlEquivalenceKey,
            CodeActionIndex = 1,
        };
        test.TestState.Sources.Add("""
            class C
            {
                void M(IDatabase db, int id)
                {
                    db.[|StringSet|]($"a:{id}", "value");
                }
            }
            """);
        test.TestState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        test.FixedState.Sources.Add($$"""
            class C
            {
                void M(IDatabase db, int id)
                {
                    {{fixedCall}}
                }
            }
            """);
        test.FixedState.Sources.Add((TestSources.GlobalUsingsFileName, TestSources.GlobalUsings));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    private sealed class KeepTtlFixTest : Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<
        CachingArchitect.Analyzers.Rules.Expiration.RedisKeyWithoutTtlAnalyzer,
        CachingArchitect.CodeFixes.Rules.Expiration.RedisKeyWithoutTtlCodeFix,
        Microsoft.CodeAnalysis.Testing.DefaultVerifier>
    {
        public KeepTtlFixTest(RedisVersion redis)
        {
            ReferenceAssemblies = new Microsoft.CodeAnalysis.Testing.ReferenceAssemblies("net10.0");
            var references = TestReferences.All(redis);
            TestState.AdditionalReferences.AddRange(references);
            FixedState.AdditionalReferences.AddRange(references);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ParseOptions CreateParseOptions() =>
            ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Preview);
    }
}
