using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using CachingArchitect.Generators.Tests.Infrastructure;

namespace CachingArchitect.Generators.Tests;

/// <summary>
/// Compile-and-run: the generated code compiles with nullable enabled and warnings as errors (no diagnostic at all), the
/// emitted assembly is loaded, and the keys, definitions and schema listing behave as issue 5 states.
/// </summary>
public sealed class RuntimeTests
{
    private static readonly Lazy<Assembly> Shop = new(() => GeneratorHarness.CompileAndLoad(Sources.ShopKeys));
    private static readonly Lazy<Assembly> Parts = new(() => GeneratorHarness.CompileAndLoad(Sources.TypedParts));
    private static readonly Lazy<Assembly> Nested = new(() => GeneratorHarness.CompileAndLoad(Sources.Nested));
    private static readonly Lazy<Assembly> Bare = new(() => GeneratorHarness.CompileAndLoad(Sources.Bare));

    [Fact]
    public void UserProfile_renders_the_documented_key_and_definition()
    {
        var key = (CacheKey)Invoke(Shop.Value, "Shop.Caching.ShopKeys", "UserProfile", 42);

        Assert.Equal("shop:v2:user:42:profile", key.ToString());
        Assert.Equal("shop:v2:user:42:profile", key.Value);
        Assert.Equal("shop:v2:user:42:profile", (string)key);
        Assert.Equal("shop:v2:user:{userId}:profile", key.Family);
        Assert.Equal("shop:v2:user:*:profile", key.Pattern);
        Assert.Equal(TimeSpan.FromMinutes(15), key.TimeToLive);
        Assert.Equal(CacheStrategy.CacheAside, key.Strategy);
        Assert.Equal(TimeSpan.FromMinutes(1), key.MaxStaleness);
        Assert.Equal("UserProfile", key.Definition.Name);
        Assert.Equal(10, key.Definition.JitterPercent);
        Assert.Equal("Profile edits are rare; one minute of staleness is acceptable.", key.Definition.Justification);
        Assert.Equal(new[] { "userId" }, key.Definition.Parameters);
        Assert.Null(key.Definition.ValueType);
    }

    [Fact]
    public void ProductPrice_is_a_typed_key_with_its_own_definition()
    {
        var key = (CacheKey<decimal>)Invoke(Shop.Value, "Shop.Caching.ShopKeys", "ProductPrice", 1234567890123L);

        Assert.Equal("shop:v2:product:1234567890123:price", key.Value);
        Assert.Equal(TimeSpan.FromSeconds(30), key.TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(30), key.NextTimeToLive());
        Assert.Equal(CacheStrategy.EventDriven, key.Strategy);
        Assert.Null(key.MaxStaleness);
        Assert.Equal(typeof(decimal), key.Definition.ValueType);
        CacheKey untyped = key;
        Assert.Equal(key.Value, untyped.Value);
    }

    [Fact]
    public void NextTimeToLive_stays_within_the_jitter_bounds_and_varies()
    {
        var key = (CacheKey)Invoke(Shop.Value, "Shop.Caching.ShopKeys", "UserProfile", 7);
        var ttl = TimeSpan.FromMinutes(15);
        var low = TimeSpan.FromTicks((long)(ttl.Ticks * 0.9));
        var high = TimeSpan.FromTicks((long)(ttl.Ticks * 1.1));
        var samples = Enumerable.Range(0, 5000).Select(_ => key.NextTimeToLive()!.Value).ToList();

        Assert.All(samples, s => Assert.InRange(s, low, high));
        Assert.True(samples.Distinct().Count() > 1000, "The jitter should spread the TTLs.");
        Assert.True(samples.Min() < ttl - TimeSpan.FromSeconds(60) && samples.Max() > ttl + TimeSpan.FromSeconds(60), "Samples should use most of the ±10% range.");
    }

    [Fact]
    public void Schema_lists_every_key_in_declaration_order()
    {
        var schema = (CacheSchema)Shop.Value.GetType("Shop.Caching.ShopKeys")!.GetProperty("Schema")!.GetValue(null)!;

        Assert.Equal("Shop.Caching.ShopKeys", schema.Name);
        Assert.Equal("shop", schema.Prefix);
        Assert.Equal(2, schema.Version);
        Assert.Equal("shop:v2:", schema.Root);
        Assert.Equal(new[] { "UserProfile", "ProductPrice" }, schema.Keys.Select(k => k.Name));
        Assert.Equal(new[] { "shop:v2:user:{userId}:profile", "shop:v2:product:{productId}:price" }, schema.Keys.Select(k => k.Family));
        Assert.Same(schema.Find("UserProfile"), ((CacheKey)Invoke(Shop.Value, "Shop.Caching.ShopKeys", "UserProfile", 1)).Definition);
    }

    [Fact]
    public void Generated_members_carry_GeneratedCode()
    {
        var type = Shop.Value.GetType("Shop.Caching.ShopKeys")!;
        var method = type.GetMethod("UserProfile")!;
        var attribute = method.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>();
        Assert.NotNull(attribute);
        Assert.Equal("CachingArchitect.Generators", attribute!.Tool);
        Assert.Equal(GeneratorInfo.Version, attribute.Version);
        Assert.NotNull(type.GetProperty("Schema")!.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>());
        Assert.Equal(typeof(CacheKeyGenerator).Assembly.GetName().Version!.ToString(3), attribute.Version);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("fr-FR")]
    [InlineData("tr-TR")]
    public void Keys_are_formatted_invariantly_whatever_the_current_culture(string culture)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var tenant = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
            var moments = (CacheKey<string?>)Invoke(Parts.Value, "Shop.Caching.PartKeys", "Moments",
                new DateTime(2026, 11, 27, 13, 5, 9, DateTimeKind.Utc),
                new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
                (int?)-12345,
                1234.5);
            Assert.Equal("shop:v3:at:2026-11-27T13:05:09.0000000Z:2026-01-02T03:04:05.0000000+02:00:n:-12345:d:1234.5", moments.Value);

            var dailyKey = InvokeUntyped(Parts.Value, "Shop.Caching.PartKeys", "Daily", EnumValue(Parts.Value, "Shop.Caching.Tier", 7), new DateOnly(2026, 3, 4), true, 'Z');
            Assert.Equal("shop:v3:tier:7:day:2026-03-04:flag:true:grade:Z", dailyKey);

            var cart = (CacheKey)Invoke(Parts.Value, "Shop.Caching.PartKeys", "Cart", tenant, "alice");
            Assert.Equal("shop:v3:tenant:0f8fad5b-d9cb-469f-a165-70867728950e:user:alice:cart", cart.Value);

            var price = (CacheKey<decimal>)Invoke(Shop.Value, "Shop.Caching.ShopKeys", "ProductPrice", -9876543210L);
            Assert.Equal("shop:v2:product:-9876543210:price", price.Value);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public void Nullable_parts_render_empty_when_null_and_enums_render_their_number()
    {
        Assert.Equal("shop:v3:at:0001-01-01T00:00:00.0000000:0001-01-01T00:00:00.0000000+00:00:n::d:0",
            InvokeUntyped(Parts.Value, "Shop.Caching.PartKeys", "Moments", default(DateTime), default(DateTimeOffset), null, 0.0));
    }

    [Fact]
    public void Constant_keys_return_the_same_interned_string()
    {
        var a = InvokeUntyped(Parts.Value, "Shop.Caching.PartKeys", "AllConfig");
        var b = InvokeUntyped(Parts.Value, "Shop.Caching.PartKeys", "AllConfig");
        Assert.Equal("shop:v3:config:all", a);
        Assert.Same(a, b);
    }

    [Fact]
    public void Nested_generic_and_bare_schemas_render_their_roots()
    {
        Assert.Equal("nested:v1:order:3:99", ((CacheKey)Invoke(Nested.Value, "Company.Product.Caching.Outer+Middle+Keys", "Order", 3, 99L)).Value);

        var generic = Nested.Value.GetType("Company.Product.Caching.Generic`1+Keys")!.MakeGenericType(typeof(Guid));
        var item = (CacheKey<Guid>)generic.GetMethod("Item", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, new object[] { 5 })!;
        Assert.Equal("gen:item:5", item.Value);
        Assert.Equal(typeof(Guid), item.Definition.ValueType);

        Assert.Equal("session:77", ((CacheKey)Invoke(Bare.Value, "BareKeys", "Session", 77L)).Value);
        var motd = (CacheKey)Invoke(Bare.Value, "BareKeys", "MessageOfTheDay");
        Assert.Equal("motd", motd.Value);
        Assert.Equal("motd", motd.Family);
        Assert.Null(motd.TimeToLive);
        Assert.Null(motd.NextTimeToLive());
        var schema = (CacheSchema)Bare.Value.GetType("BareKeys")!.GetProperty("Schema")!.GetValue(null)!;
        Assert.Equal(string.Empty, schema.Root);
        Assert.Null(schema.Prefix);
        Assert.Equal(0, schema.Version);
    }

    [Fact]
    public void The_string_Concat_fallback_renders_the_same_keys()
    {
        // C# 9 has no interpolated string handlers: the generator falls back to string.Concat with invariant ToString.
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(GeneratorHarness.References, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9), Sources.TypedParts));
        GeneratorHarness.AssertClean(run);
        Assert.DoesNotContain("String.Create", run.AllSources);
        using var stream = new System.IO.MemoryStream();
        Assert.True(run.Output.Emit(stream).Success);
        var fallback = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(new System.IO.MemoryStream(stream.ToArray()));

        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            foreach (var assembly in new[] { Parts.Value, fallback })
            {
                Assert.Equal("shop:v3:tier:7:day:2026-03-04:flag:false:grade:q",
                    InvokeUntyped(assembly, "Shop.Caching.PartKeys", "Daily", EnumValue(assembly, "Shop.Caching.Tier", 7), new DateOnly(2026, 3, 4), false, 'q'));
                Assert.Equal("shop:v3:at:2026-11-27T13:05:09.0000000Z:2026-01-02T03:04:05.0000000+02:00:n::d:0.25",
                    InvokeUntyped(assembly, "Shop.Caching.PartKeys", "Moments", new DateTime(2026, 11, 27, 13, 5, 9, DateTimeKind.Utc), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), null, 0.25));
                Assert.Equal("shop:v3:tenant:0f8fad5b-d9cb-469f-a165-70867728950e:user:bob:cart",
                    InvokeUntyped(assembly, "Shop.Caching.PartKeys", "Cart", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "bob"));
                Assert.Throws<ArgumentException>(() => Invoke(assembly, "Shop.Caching.PartKeys", "Cart", Guid.Empty, "b b"));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_netstandard20_library_gets_the_string_Concat_fallback_and_compiles_cleanly()
    {
        // A schema in a netstandard2.0 library: no interpolated string handler, no DateOnly.
        var directory = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "netstandard-ref.txt")).Trim();
        var references = System.IO.Directory.GetFiles(directory, "*.dll")
            .Select(path => (Microsoft.CodeAnalysis.MetadataReference)Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(path))
            .Append(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(CacheKey).Assembly.Location))
            .ToImmutableArray();
        var source = Sources.TypedParts.Replace("DateOnly day", "DateTime day") +
                     "namespace System.Runtime.CompilerServices { internal static class IsExternalInit { } }\n";
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(references, GeneratorHarness.ParseOptions, source));
        GeneratorHarness.AssertClean(run);
        Assert.DoesNotContain("String.Create", run.AllSources);
        Assert.Contains("string.Concat(", run.AllSources);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a:b")]
    [InlineData("glob*")]
    [InlineData("{x}")]
    [InlineData("tab\t")]
    public void String_parts_are_validated(string? bad)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => Invoke(Parts.Value, "Shop.Caching.PartKeys", "Cart", Guid.Empty, bad!));
        Assert.Equal("userName", exception.ParamName);
    }

    [Fact]
    public void String_parts_respect_the_declared_or_default_bound()
    {
        Assert.Equal("shop:v3:tenant:00000000-0000-0000-0000-000000000000:user:" + new string('u', 64) + ":cart",
            ((CacheKey)Invoke(Parts.Value, "Shop.Caching.PartKeys", "Cart", Guid.Empty, new string('u', 64))).Value);
        Assert.Throws<ArgumentException>(() => Invoke(Parts.Value, "Shop.Caching.PartKeys", "Cart", Guid.Empty, new string('u', 65)));

        // No [CacheKeyPart]: 256 characters.
        Assert.Equal("shop:v3:search:" + new string('s', 256), ((CacheKey)Invoke(Parts.Value, "Shop.Caching.PartKeys", "Search", new string('s', 256))).Value);
        Assert.Throws<ArgumentException>(() => Invoke(Parts.Value, "Shop.Caching.PartKeys", "Search", new string('s', 257)));
    }

    private static object EnumValue(Assembly assembly, string type, int value) => Enum.ToObject(assembly.GetType(type)!, value);

    private static string InvokeUntyped(Assembly assembly, string type, string method, params object?[] arguments)
    {
        var result = Invoke(assembly, type, method, arguments);
        return (string)result.GetType().GetProperty("Value")!.GetValue(result)!;
    }

    private static object Invoke(Assembly assembly, string type, string method, params object?[] arguments)
    {
        var target = assembly.GetType(type) ?? throw new InvalidOperationException($"{type} not found");
        var info = target.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                   ?? throw new InvalidOperationException($"{type}.{method} not found");
        try
        {
            return info.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
