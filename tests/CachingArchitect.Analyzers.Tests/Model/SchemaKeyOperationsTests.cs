using System.Collections.Generic;
using System.Linq;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Schema;
using CachingArchitect.Analyzers.Rules.Keys;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

/// <summary>
/// The model's view of CachingArchitect key schemas: the recognizer's handling of the CachingArchitect.StackExchangeRedis typed
/// helpers (source stub under the real names), schema keys as safe keys, and the shared schema facts (template grammar,
/// durations, part domains, collisions).
/// </summary>
public class SchemaKeyOperationsTests
{
    private const string Schema = """
        using CachingArchitect;
        using CachingArchitect.StackExchangeRedis;

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10, MaxStaleness = "00:01:00")]
            public static partial CacheKey<string> UserProfile(int userId);

            [CacheKey("user:{name}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserByName([CacheKeyPart(MaxLength = 64)] string name);

            [CacheKey("user:me", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Me();

            [CacheKey("user:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey UserById(int id);

            [CacheKey("product:{id}", Ttl = "00:15:00", MaxStaleness = "00:01:00")]
            public static partial CacheKey Product(int id);
        }

        """;

    private static (Compilation Compilation, SemanticModel Model, SyntaxTree Tree) Compile(string body)
    {
        var source = SchemaTestSupport.WithImplementations(Schema + $$"""
            class C
            {
                async Task M(IDatabase db, IConnectionMultiplexer mux, int id)
                {
                    {{body}}
                    await Task.CompletedTask;
                }
            }
            """);
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, parse, path: "/0/Test0.cs"),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, parse),
        };
        var compilation = CSharpCompilation.Create("Probe", trees, TestReferences.All().Add(SchemaTestSupport.RedisHelpers),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return (compilation, compilation.GetSemanticModel(trees[0]), trees[0]);
    }

    private static CacheOperation Single(string body)
    {
        var (compilation, model, tree) = Compile(body);
        var symbols = CacheSymbols.Get(compilation);
        var operations = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(i => CacheOperationRecognizer.Recognize((IInvocationOperation)model.GetOperation(i)!, symbols))
            .Where(o => o is not null)
            .ToList();
        Assert.Single(operations);
        return operations[0]!;
    }

    [Theory]
    [InlineData("db.Set(ShopKeys.UserProfile(id), \"x\");", "Write", "KeyDefinition")]
    [InlineData("await db.SetAsync(ShopKeys.UserProfile(id), \"x\");", "Write", "KeyDefinition")]
    [InlineData("db.Get(ShopKeys.UserProfile(id));", "Read", "NotApplicable")]
    [InlineData("await db.GetAsync(ShopKeys.UserProfile(id));", "Read", "NotApplicable")]
    [InlineData("db.GetOrSet(ShopKeys.UserProfile(id), () => \"x\");", "ReadThrough", "KeyDefinition")]
    [InlineData("await db.GetOrSetAsync(ShopKeys.UserProfile(id), ct => Task.FromResult(\"x\"));", "ReadThrough", "KeyDefinition")]
    [InlineData("db.Remove(ShopKeys.UserProfile(id));", "Invalidate", "NotApplicable")]
    [InlineData("await db.RemoveAsync(ShopKeys.Me());", "Invalidate", "NotApplicable")]
    public void Typed_helpers_are_redis_operations(string body, string kindName, string expiryName)
    {
        var kind = System.Enum.Parse<CacheOperationKind>(kindName);
        var expiry = System.Enum.Parse<ExpirySourceKind>(expiryName);
        var operation = Single(body);
        Assert.Equal(CacheTechnology.Redis, operation.Technology);
        Assert.Equal(kind, operation.Kind);
        Assert.Equal(expiry, operation.ExpirySource);
        Assert.NotNull(operation.Key);
        Assert.True(KeyRuleSupport.IsGeneratedSchemaKey(operation.Key!));
        if (kind == CacheOperationKind.Write)
        {
            Assert.Equal("\"x\"", operation.ValueArgument?.Value.Syntax.ToString());
            Assert.True(ExpiryTracer.Trace(operation).Has(ExpiryFlags.Relative));
        }

        if (kind == CacheOperationKind.ReadThrough)
        {
            Assert.NotNull(operation.FactoryArgument);
        }
    }

    [Fact]
    public void DeleteFamilyAsync_is_an_admin_operation()
    {
        var operation = Single("await RedisCacheAdministration.DeleteFamilyAsync(mux, ShopKeys.Me());");
        Assert.Equal(CacheTechnology.Redis, operation.Technology);
        Assert.Equal(CacheOperationKind.Admin, operation.Kind);
        Assert.Equal("ShopKeys.Me()", operation.KeyArgument?.Value.Syntax.ToString());
    }

    [Theory]
    [InlineData("await RedisCacheAdministration.DeleteFamilyAsync(mux, ShopKeys.Me().Definition);")]
    [InlineData("await RedisCacheAdministration.DeleteByPatternAsync(mux, ShopKeys.Me().Pattern!);")]
    public void Other_administration_helpers_are_admin_operations(string body)
    {
        var operation = Single(body);
        Assert.Equal(CacheOperationKind.Admin, operation.Kind);
        Assert.Null(operation.KeyArgument);
    }

    [Fact]
    public void AsRedisKey_is_not_an_operation_but_a_schema_key()
    {
        var operation = Single("db.StringSet(ShopKeys.Me().AsRedisKey(), \"x\", TimeSpan.FromMinutes(1));");
        Assert.Equal("StringSet", operation.Name);
        Assert.True(KeyRuleSupport.IsGeneratedSchemaKey(operation.Key!));
    }

    [Theory]
    [InlineData("db.StringGet(ShopKeys.Me().Value);", true)]
    [InlineData("db.StringGet(ShopKeys.Me().ToString());", true)]
    [InlineData("db.StringGet((string)ShopKeys.UserProfile(id));", true)]
    [InlineData("var key = ShopKeys.Product(id); db.StringGet(key.Value);", true)]
    [InlineData("db.StringGet($\"shop:v2:product:{id}\");", false)]
    [InlineData("db.StringGet(ShopKeys.Me().Family);", false)]
    public void Schema_keys_are_recognized_through_conversions(string body, bool expected)
    {
        var operation = Single(body);
        Assert.Equal(expected, KeyRuleSupport.IsGeneratedSchemaKey(operation.Key!));
    }

    // ------------------------------------------------------------------ shared schema facts

    [Theory]
    [InlineData("00:15:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("00:00:00.500", true)]
    [InlineData("-00:01:00", true)]
    [InlineData("15m", false)]
    [InlineData("", false)]
    [InlineData("00:61:00", false)]
    public void Durations_parse_like_the_generator(string text, bool parses) =>
        Assert.Equal(parses, SchemaFacts.TryParseDuration(text, out _));

    [Theory]
    [InlineData("user:{userId}:profile", 0)]
    [InlineData("{a}-{b}", 0)]
    [InlineData("", 1)]
    [InlineData("user:{", 1)]
    [InlineData("user:}", 1)]
    [InlineData("user:{}", 1)]
    [InlineData("user:{a.b}", 1)]
    [InlineData("{a}:{a}", 1)]
    [InlineData(":a::b:", 3)]
    public void Template_grammar(string template, int errors) =>
        Assert.Equal(errors, SchemaTemplate.Parse(template).Errors.Length);

    [Fact]
    public void Collisions_follow_the_part_domains()
    {
        var (compilation, _, _) = Compile("");
        var symbols = CacheSymbols.Get(compilation);
        var type = compilation.GetTypeByMetadataName("ShopKeys")!;
        var keys = type.GetMembers().OfType<IMethodSymbol>()
            .Select(m => SchemaFacts.GetKey(m, symbols, default))
            .Where(k => k is not null)
            .ToDictionary(k => k!.Method.Name, k => k!);

        Assert.True(KeyCollisions.CanCollide(keys["UserById"], keys["UserByName"]));
        Assert.True(KeyCollisions.CanCollide(keys["UserByName"], keys["Me"]));
        Assert.False(KeyCollisions.CanCollide(keys["UserById"], keys["Me"]));
        Assert.False(KeyCollisions.CanCollide(keys["UserById"], keys["Product"]));
        Assert.False(KeyCollisions.CanCollide(keys["UserProfile"], keys["UserById"]));
        Assert.Equal("shop:v2:user:{userId}:profile", keys["UserProfile"].Family);
        Assert.Equal("shop:v2:user:me".Length, keys["Me"].MaxLength());
        Assert.Equal("shop:v2:user:".Length + 64, keys["UserByName"].MaxLength());
    }
}
