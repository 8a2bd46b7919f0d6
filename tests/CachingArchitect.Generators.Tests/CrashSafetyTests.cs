using System.Linq;
using CachingArchitect.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Generators.Tests;

/// <summary>
/// The generator never throws on half-typed or broken code (no CS8785), always implements a well-shaped key method (no
/// CS8795) whose generated code compiles, and emits nothing for shapes it cannot implement.
/// </summary>
public sealed class CrashSafetyTests
{
    private const string Header =
        """
        using System;
        using CachingArchitect;

        namespace Broken;

        """;

    public static TheoryData<string, string> WellShapedButMalformed => new()
    {
        { "half-typed attribute", "[CacheKey] public static partial CacheKey A(int id);" },
        { "unterminated attribute", "[CacheKey( public static partial CacheKey A(int id);" },
        { "unterminated placeholder", "[CacheKey(\"user:{id\")] public static partial CacheKey A(int id);" },
        { "wrong argument type", "[CacheKey(123, Ttl = 5)] public static partial CacheKey A(int id);" },
        { "non-constant arguments", "static string T = \"x\"; [CacheKey(T, Ttl = T, MaxStaleness = T, JitterPercent = Id)] public static partial CacheKey A(int id); static int Id => 1;" },
        { "unknown named argument", "[CacheKey(\"user:{id}\", Nope = 1)] public static partial CacheKey A(int id);" },
        { "unbalanced braces", "[CacheKey(\"user:{id:x}:{id\")] public static partial CacheKey A(int id); [CacheKey(\"user:id}}{{\")] public static partial CacheKey B(int id);" },
        { "empty and odd placeholders", "[CacheKey(\"{}:{ id }:{a-b}:{}}\")] public static partial CacheKey A(int id);" },
        { "duplicate placeholders", "[CacheKey(\"user:{id}:{id}:{id}\")] public static partial CacheKey A(int id);" },
        { "unknown placeholder", "[CacheKey(\"user:{nope}:{id}\")] public static partial CacheKey A(int id);" },
        { "unparsable TTL", "[CacheKey(\"user:{id}\", Ttl = \"15 minutes\", MaxStaleness = \"soon\", JitterPercent = -5, Strategy = (CacheStrategy)42)] public static partial CacheKey A(int id);" },
        { "undefined parameter type", "[CacheKey(\"user:{id}\")] public static partial CacheKey A(Missing id);" },
        { "undefined value type", "[CacheKey(\"user:{id}\")] public static partial CacheKey<Missing> A(int id);" },
        { "null template", "[CacheKey(null!)] public static partial CacheKey A(int id);" },
        { "empty template", "[CacheKey(\"\")] public static partial CacheKey A();" },
        { "broken method body elsewhere", "[CacheKey(\"user:{id}\")] public static partial CacheKey A(int id); public static int B() { return 1 +; }" },
        { "truncated file", "[CacheKey(\"user:{id}\")] public static partial CacheKey A(int id); public static int B() {" },
    };

    public static TheoryData<string, string> ValidQuirkySchemas => new()
    {
        { "escaping", "[CacheKey(\"q\\\"uote\\\\back\\u00e9\\ttab\\n{id}\\u2028\", Justification = \"\\\"quoted\\\" \\\\ and {braces}\")] public static partial CacheKey A(int id);" },
        { "keyword names", "[CacheKey(\"{class}:{event}\")] public static partial CacheKey @default(int @class, long @event);" },
        { "ref kinds and params", "[CacheKey(\"{a}:{b}:{c}:{d}\")] public static partial CacheKey A(in Guid a, ref int b, ref readonly long c, params int[] d); [CacheKey(\"{x}\")] public static partial CacheKey B(out int x);" },
        { "spans and pointers", "[CacheKey(\"{s}:{p}\")] public static unsafe partial CacheKey A(ReadOnlySpan<char> s, int* p);" },
        { "extension method", "[CacheKey(\"user:{id}\")] public static partial CacheKey Of(this Guid id);" },
        { "overloads", "[CacheKey(\"a:{id}\")] public static partial CacheKey A(int id); [CacheKey(\"a:{id}\")] public static partial CacheKey A(long id);" },
        { "nullable oblivious", "\n#nullable disable\n[CacheKey(\"{s}:{o}\")] public static partial CacheKey<string> A([CacheKeyPart(MaxLength = 8)] string s, object o);\n#nullable restore\n" },
        { "nullable annotated", "[CacheKey(\"{s}:{o}\")] public static partial CacheKey<string?> A(string? s, object? o, int? n, bool? b, char? c, DateOnly? d, DateTimeOffset? t, DayOfWeek? w);" },
        { "private and protected internal", "[CacheKey(\"a\")] private static partial CacheKey A(); [CacheKey(\"b\")] internal static partial CacheKey B(); public static CacheKey C() => A();" },
        { "obsolete parameter type", "\n#pragma warning disable CS0612\n[CacheKey(\"{o}\")] public static partial CacheKey A(Old o);\n#pragma warning restore CS0612\n[Obsolete] public sealed class Old { }" },
        { "generic value types", "[CacheKey(\"{n}\")] public static partial CacheKey<(int A, string? B)> A(int n); [CacheKey(\"{n}\")] public static partial CacheKey<System.Collections.Generic.List<string?>> B(int n); [CacheKey(\"{n}\")] public static partial CacheKey<dynamic> C(int n);" },
        { "very long template", "[CacheKey(\"" + new string('x', 600) + ":{id}:{s}\")] public static partial CacheKey A(int id, [CacheKeyPart(MaxLength = 1024)] string s);" },
        { "every integral type", "[CacheKey(\"{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}{k}{l}\")] public static partial CacheKey A(sbyte a, byte b, short c, ushort d, int e, uint f, long g, ulong h, nint i, nuint j, float k, TimeSpan l);" },
    };

    [Theory]
    [MemberData(nameof(WellShapedButMalformed))]
    public void Malformed_key_methods_still_get_a_body_that_compiles(string name, string members)
    {
        var run = RunSchema(members);
        AssertNoCrash(run, name);
        Assert.Single(run.Sources);
        AssertGeneratedCodeHasNoDiagnostics(run, name);
    }

    [Theory]
    [MemberData(nameof(ValidQuirkySchemas))]
    public void Unusual_but_valid_schemas_compile_without_any_diagnostic(string name, string members)
    {
        var run = RunSchema(members);
        AssertNoCrash(run, name);
        GeneratorHarness.AssertClean(run);
    }

    [Theory]
    [InlineData("not partial", "[CacheKey(\"a\")] public static CacheKey A() => default;")]
    [InlineData("not static", "[CacheKey(\"a\")] public partial CacheKey A();")]
    [InlineData("wrong return type", "[CacheKey(\"a\")] public static partial string A();")]
    [InlineData("nullable key", "[CacheKey(\"a\")] public static partial CacheKey? A();")]
    [InlineData("generic method", "[CacheKey(\"{id}\")] public static partial CacheKey A<T>(T id);")]
    [InlineData("already implemented", "[CacheKey(\"a\")] public static partial CacheKey A(); public static partial CacheKey A() => default;")]
    public void Shapes_the_generator_cannot_implement_get_no_code(string name, string members)
    {
        var run = RunSchema(members);
        AssertNoCrash(run, name);
        Assert.All(run.Sources, s => Assert.DoesNotContain(" A(", s.Source));
    }

    [Theory]
    [InlineData("class not partial", "[CacheKeySchema] public static class K { [CacheKey(\"a\")] public static partial CacheKey A(); }")]
    [InlineData("class not static", "[CacheKeySchema] public partial class K { [CacheKey(\"a\")] public static partial CacheKey A(); }")]
    [InlineData("no schema attribute", "public static partial class K { [CacheKey(\"a\")] public static partial CacheKey A(); }")]
    [InlineData("outer type not partial", "public class O { [CacheKeySchema] public static partial class K { [CacheKey(\"a\")] public static partial CacheKey A(); } }")]
    [InlineData("schema on a struct", "[CacheKeySchema] public partial struct K { [CacheKey(\"a\")] public static partial CacheKey A(); }")]
    [InlineData("broken schema attribute", "[CacheKeySchema(Prefix = 5, Version = \"x\", Nope = 1)] public static partial class K { [CacheKey(\"a:{id}\")] public static partial CacheKey A(int id); }")]
    [InlineData("schema nested in a schema", "[CacheKeySchema(Prefix = \"o\")] public static partial class O { [CacheKey(\"a\")] public static partial CacheKey A(); [CacheKeySchema(Prefix = \"i\")] public static partial class I { [CacheKey(\"b\")] public static partial CacheKey B(); } }")]
    [InlineData("errors everywhere", "[CacheKeySchema(Prefix = )] public static partial class K { [CacheKey(\"{id}\", Ttl = )] public static partial CacheKey A(Missing id, int); [CacheKey(] static partial CacheKey B( } class {")]
    [InlineData("unterminated string", "[CacheKeySchema] public static partial class K { [CacheKey(\"user:{id)] public static partial CacheKey A(int id); }")]
    [InlineData("no accessibility", "[CacheKeySchema] public static partial class K { [CacheKey(\"a\")] static partial CacheKey A(); }")]
    [InlineData("file-local schema", "[CacheKeySchema] file static partial class K { [CacheKey(\"a\")] public static partial CacheKey A(); }")]
    [InlineData("attribute on a class", "[CacheKey(\"a\")] public static partial class K { }")]
    [InlineData("attribute on a local function", "public static class K { public static void M() { [CacheKey(\"a\")] static CacheKey L() => default; } }")]
    public void Odd_declarations_never_crash_the_generator(string name, string source)
    {
        // Shapes the generator cannot implement leave CS8795 (with the analyzer's explanation); it must not crash, and
        // whatever it does emit compiles (apart from errors that mirror the user's own, like an undefined type).
        var run = GeneratorHarness.Run(Header + source);
        AssertNoCrash(run, name);
        AssertGeneratedCodeHasNoDiagnostics(run, name, allowMissingImplementation: true);
    }

    [Fact]
    public void Schema_nested_in_a_schema_gets_both_classes_implemented()
    {
        var run = GeneratorHarness.Run(Header + "[CacheKeySchema(Prefix = \"o\")] public static partial class O { [CacheKey(\"a\")] public static partial CacheKey A(); [CacheKeySchema(Prefix = \"i\")] public static partial class I { [CacheKey(\"b\")] public static partial CacheKey B(); } }");
        GeneratorHarness.AssertClean(run);
        Assert.Equal(new[] { "Broken.O.CacheKeys.g.cs", "Broken.O.I.CacheKeys.g.cs" }, run.Sources.Select(s => s.HintName).OrderBy(n => n.Length));
    }

    [Fact]
    public void A_schema_split_over_partial_files_gets_one_file_with_all_keys_in_file_order()
    {
        var run = GeneratorHarness.Run(
            Header + "[CacheKeySchema(Prefix = \"p\")] public static partial class K { [CacheKey(\"a\")] public static partial CacheKey A(); }",
            Header + "public static partial class K { [CacheKey(\"b\")] public static partial CacheKey B(); [CacheKey(\"c\")] public static partial CacheKey C(); }");
        GeneratorHarness.AssertClean(run);
        var source = Assert.Single(run.Sources).Source;
        Assert.True(source.IndexOf("__ADefinition,", System.StringComparison.Ordinal) < source.IndexOf("__BDefinition,", System.StringComparison.Ordinal));
        Assert.True(source.IndexOf("__BDefinition,", System.StringComparison.Ordinal) < source.IndexOf("__CDefinition,", System.StringComparison.Ordinal));
    }

    private static GeneratorRun RunSchema(string members) =>
        GeneratorHarness.Run(Header + "[CacheKeySchema(Prefix = \"p\", Version = 1)]\npublic static partial class K\n{\n" + members + "\n}\n");

    private static void AssertNoCrash(GeneratorRun run, string name)
    {
        Assert.All(run.Result.Results, r => Assert.True(r.Exception is null, $"{name}: {r.Exception}"));
        Assert.Empty(run.GeneratorDiagnostics);
        var all = run.Output.GetDiagnostics();
        Assert.DoesNotContain(all, d => d.Id is "CS8785" or "CS8784");
    }

    private static void AssertGeneratedCodeHasNoDiagnostics(GeneratorRun run, string name, bool allowMissingImplementation = false)
    {
        var generatedTrees = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToList();
        var all = run.Output.GetDiagnostics();
        if (!allowMissingImplementation)
        {
            Assert.DoesNotContain(all, d => d.Id == "CS8795");
        }

        // An error type in the user's signature (an undefined type) has to be repeated in the implementing part; the
        // resulting CS0246 mirrors the user's own error and is the only diagnostic allowed in generated code.
        var userMessages = all.Where(d => d.Location.SourceTree is { } tree && !generatedTrees.Contains(tree)).Select(d => d.GetMessage()).ToHashSet();
        var inGenerated = all.Where(d => d.Severity >= DiagnosticSeverity.Warning &&
                                         d.Location.SourceTree is { } tree && generatedTrees.Contains(tree) &&
                                         !(d.Id == "CS0246" && userMessages.Contains(d.GetMessage()))).ToList();
        Assert.True(inGenerated.Count == 0, $"{name}: diagnostics in generated code:\n{string.Join("\n", inGenerated)}\n\n{run.AllSources}");
    }
}
