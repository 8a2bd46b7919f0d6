using CachingArchitect.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Generators.Tests;

/// <summary>Approved generated source for representative schemas (see <see cref="Approvals"/>).</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Issue_example_ShopKeys() => Verify(nameof(Issue_example_ShopKeys), Sources.ShopKeys);

    [Fact]
    public void Typed_parts_strings_guid_enum_dates_and_typed_keys() => Verify(nameof(Typed_parts_strings_guid_enum_dates_and_typed_keys), Sources.TypedParts);

    [Fact]
    public void Nested_and_generic_containing_types_in_a_block_namespace() => Verify(nameof(Nested_and_generic_containing_types_in_a_block_namespace), Sources.Nested);

    [Fact]
    public void Global_namespace_without_prefix_or_version() => Verify(nameof(Global_namespace_without_prefix_or_version), Sources.Bare);

    [Fact]
    public void Concat_fallback_without_the_interpolated_string_handler()
    {
        // C# 9: no interpolated string handlers, so the generator falls back to string.Concat with invariant ToString.
        var options = new CSharpParseOptions(LanguageVersion.CSharp9);
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(GeneratorHarness.References, options, Sources.TypedParts));
        GeneratorHarness.AssertClean(run);
        Approvals.Verify(nameof(Concat_fallback_without_the_interpolated_string_handler), run.AllSources);
    }

    private static void Verify(string name, string source)
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertClean(run);
        Approvals.Verify(name, run.AllSources);
    }
}
