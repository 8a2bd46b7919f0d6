using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CachingArchitect.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Generators.Tests;

/// <summary>
/// The pipeline caches: unrelated edits leave every tracked step Cached/Unchanged and regenerate nothing; edits to an annotated
/// member modify the relevant steps; and no step output holds a symbol, syntax node, location, semantic model or compilation.
/// </summary>
public sealed class IncrementalTests
{
    private const string Service =
        """
        namespace Shop.Services;

        public sealed class PriceService
        {
            public int Compute(int x) => x + 1;
        }

        """;

    private const string SchemaWithBody =
        """
        using CachingArchitect;

        namespace Shop.Caching;

        [CacheKeySchema(Prefix = "shop", Version = 2)]
        public static partial class ShopKeys
        {
            [CacheKey("user:{userId}:profile", Ttl = "00:15:00", JitterPercent = 10)]
            public static partial CacheKey UserProfile(int userId);

            [CacheKey("product:{productId}:price", Ttl = "00:00:30", Strategy = CacheStrategy.EventDriven)]
            public static partial CacheKey<decimal> ProductPrice(long productId);

            public static int Helper(int value)
            {
                return value * 2;
            }
        }

        """;

    private static readonly string[] OwnSteps =
    [
        TrackingNames.TargetFacts, TrackingNames.KeyMethods, TrackingNames.ValidKeyMethods, TrackingNames.Schemas, TrackingNames.SchemasWithFacts,
    ];

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_cached_and_regenerates_nothing()
    {
        var (first, second) = RunTwice(c => c.AddSyntaxTrees(Parse("namespace Other; public sealed class Unrelated { }", "Unrelated.cs")));
        AssertAllCachedOrUnchanged(second);
        AssertSameOutput(first, second);
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_step_cached()
    {
        var (first, second) = RunTwice(c => Replace(c, "Source1.cs", Service.Replace("x + 1", "x + 2")));
        AssertAllCachedOrUnchanged(second);
        AssertSameOutput(first, second);
    }

    [Fact]
    public void Editing_an_unrelated_method_body_in_the_schema_file_leaves_every_step_cached()
    {
        var (first, second) = RunTwice(c => Replace(c, "Source0.cs", SchemaWithBody.Replace("return value * 2;", "var doubled = value * 2;\n        return doubled;")));
        AssertAllCachedOrUnchanged(second);
        AssertSameOutput(first, second);
    }

    [Fact]
    public void Appending_an_unrelated_type_to_the_schema_file_leaves_every_step_cached()
    {
        var (first, second) = RunTwice(c => Replace(c, "Source0.cs", SchemaWithBody + "\npublic sealed class Appended { }\n"));
        AssertAllCachedOrUnchanged(second);
        AssertSameOutput(first, second);
    }

    [Theory]
    [InlineData("user:{userId}:profile", "user:{userId}:details")]
    [InlineData("Ttl = \"00:15:00\"", "Ttl = \"00:20:00\"")]
    [InlineData("JitterPercent = 10", "JitterPercent = 15")]
    [InlineData("Version = 2", "Version = 3")]
    public void Editing_an_annotated_member_modifies_the_model_and_the_output(string from, string to)
    {
        var (first, second) = RunTwice(c => Replace(c, "Source0.cs", SchemaWithBody.Replace(from, to)));
        var steps = second.Result.Results[0].TrackedSteps;

        Assert.Contains(steps[TrackingNames.KeyMethods].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(steps[TrackingNames.Schemas].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.Result.Results[0].TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.NotEqual(first.AllSources, second.AllSources);
    }

    [Fact]
    public void Editing_one_key_leaves_the_other_key_unchanged()
    {
        var (_, second) = RunTwice(c => Replace(c, "Source0.cs", SchemaWithBody.Replace("product:{productId}:price", "product:{productId}:cost")));
        var reasons = second.Result.Results[0].TrackedSteps[TrackingNames.KeyMethods].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(IncrementalStepRunReason.Unchanged, reasons);
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_location_semantic_model_or_compilation()
    {
        var (first, second) = RunTwice(c => Replace(c, "Source0.cs", SchemaWithBody.Replace("00:15:00", "00:16:00")));
        foreach (var run in new[] { first, second })
        {
            foreach (var (name, steps) in run.Result.Results[0].TrackedSteps)
            {
                // Roslyn's own internal steps of ForAttributeWithMetadataName legitimately hold syntax; ours may not.
                if (!OwnSteps.Contains(name))
                {
                    continue;
                }

                foreach (var step in steps)
                {
                    foreach (var (value, _) in step.Outputs)
                    {
                        AssertNoRoslynObjects(value, name + " output", new HashSet<object>(ReferenceEqualityComparer.Instance));
                    }
                }
            }
        }
    }

    [Fact]
    public void The_walker_detects_a_symbol_in_a_model()
    {
        // Guard for the test above: a compilation nested in a tuple inside an array is found.
        var compilation = GeneratorHarness.Compile("class C { }");
        var nested = new object[] { (1, new List<object> { compilation }) };
        Assert.ThrowsAny<Exception>(() => AssertNoRoslynObjects(nested, "probe", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    [Fact]
    public void Every_own_step_is_tracked()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(SchemaWithBody, Service));
        var steps = run.Result.Results[0].TrackedSteps;
        foreach (var name in OwnSteps)
        {
            Assert.True(steps.ContainsKey(name), $"Step {name} is not tracked.");
        }
    }

    private static (GeneratorRun First, GeneratorRun Second) RunTwice(Func<CSharpCompilation, CSharpCompilation> edit)
    {
        var compilation = GeneratorHarness.Compile(SchemaWithBody, Service);
        var first = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertClean(first);
        var second = GeneratorHarness.Run(edit(compilation), first.Driver);
        GeneratorHarness.AssertClean(second);
        return (first, second);
    }

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path);

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, Parse(source, path));
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRun run)
    {
        var result = run.Result.Results[0];
        foreach (var name in OwnSteps)
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}");
                }
            }
        }

        foreach (var (name, steps) in result.TrackedOutputSteps)
        {
            foreach (var step in steps)
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason == IncrementalStepRunReason.Cached, $"output {name}: {reason} (the source was regenerated)");
                }
            }
        }
    }

    private static void AssertSameOutput(GeneratorRun first, GeneratorRun second) => Assert.Equal(first.AllSources, second.AllSources);

    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(SemanticModel), typeof(Compilation), typeof(SyntaxTree),
        typeof(AttributeData), typeof(SyntaxToken), typeof(Diagnostic),
    ];

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
        {
            return;
        }

        var type = value.GetType();
        foreach (var forbidden in Forbidden)
        {
            Assert.False(forbidden.IsAssignableFrom(type), $"{path} holds a {forbidden.Name} ({type.FullName}).");
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence)
            {
                AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
