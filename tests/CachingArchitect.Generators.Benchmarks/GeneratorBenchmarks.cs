using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Generators.Benchmarks;

/// <summary>
/// What the key-schema generator costs the compiler and the IDE (issue 8):
/// <list type="bullet">
/// <item><see cref="FullRun_1000Keys"/>: a fresh driver over a compilation with one schema of 1,000 keys (the first build, or a
/// build without the compiler server): parse the attributes, validate, emit 1,000 builders.</item>
/// <item><see cref="Incremental_EditElsewhere"/>: the driver of the previous compilation re-run after a one-character edit in an
/// unrelated file (what happens on every keystroke in the IDE): every step must come from the cache.</item>
/// <item><see cref="Incremental_EditOneKey"/>: a one-character edit of one key's TTL: only that schema is emitted again.</item>
/// </list>
/// The compilations also hold <see cref="OtherFiles"/> ordinary files, so "elsewhere" is a realistic project.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    public const int Keys = 1000;
    public const int OtherFiles = 200;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedElsewhere = null!;
    private CSharpCompilation _editedKey = null!;
    private GeneratorDriver _warm = null!;
    private GeneratorDriver _current = null!;
    private bool _toggle;

    [GlobalSetup]
    public void Setup()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(SchemaSource(ttlOfFirstKey: "00:10:00"), parse, "ShopKeys.cs") };
        for (var i = 0; i < OtherFiles; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(OtherSource(i, edited: false), parse, $"Other{i}.cs"));
        }

        var references = Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(CachingArchitect.CacheKey).Assembly.Location));
        _compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _editedElsewhere = _compilation.ReplaceSyntaxTree(trees[OtherFiles / 2], CSharpSyntaxTree.ParseText(OtherSource(OtherFiles / 2, edited: true), parse, $"Other{OtherFiles / 2}.cs"));
        _editedKey = _compilation.ReplaceSyntaxTree(trees[0], CSharpSyntaxTree.ParseText(SchemaSource(ttlOfFirstKey: "00:10:01"), parse, "ShopKeys.cs"));

        _warm = NewDriver().RunGeneratorsAndUpdateCompilation(_compilation, out var generated, out _);
        var errors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("benchmark input does not compile with the generated code: " + errors[0]);
        }

        var result = _warm.GetRunResult();
        if (result.Diagnostics.Length > 0 || result.GeneratedTrees.Length != 1 || result.GeneratedTrees[0].GetText().Lines.Count < Keys)
        {
            throw new InvalidOperationException($"unexpected generator output: {result.GeneratedTrees.Length} files, {result.Diagnostics.Length} diagnostics");
        }

        _current = _warm;
    }

    [Benchmark(Baseline = true, Description = "1,000 keys, fresh driver")]
    public GeneratorDriver FullRun_1000Keys() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "re-run after a 1-char edit elsewhere")]
    public GeneratorDriver Incremental_EditElsewhere()
    {
        // Alternates between the two compilations, so every call is the run that follows an edit.
        _toggle = !_toggle;
        _current = _current.RunGenerators(_toggle ? _editedElsewhere : _compilation);
        return _current;
    }

    [Benchmark(Description = "re-run after a 1-char edit of one key's TTL")]
    public GeneratorDriver Incremental_EditOneKey()
    {
        _toggle = !_toggle;
        _current = _current.RunGenerators(_toggle ? _editedKey : _compilation);
        return _current;
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            new ISourceGenerator[] { new CacheKeyGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>One schema class with <see cref="Keys"/> keys of the shapes users write (int, Guid, bounded string, enum, two parts).</summary>
    internal static string SchemaSource(string ttlOfFirstKey)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using CachingArchitect;");
        sb.AppendLine("namespace Shop.Caching;");
        sb.AppendLine("public enum Region { Eu, Us, Apac }");
        sb.AppendLine("[CacheKeySchema(Prefix = \"shop\", Version = 2)]");
        sb.AppendLine("public static partial class ShopKeys");
        sb.AppendLine("{");
        for (var i = 0; i < Keys; i++)
        {
            var ttl = i == 0 ? ttlOfFirstKey : $"00:{1 + i % 59:00}:00";
            switch (i % 5)
            {
                case 0:
                    sb.AppendLine($"    [CacheKey(\"entity{i}:{{id}}\", Ttl = \"{ttl}\", JitterPercent = 10)] public static partial CacheKey<string> Entity{i}(int id);");
                    break;
                case 1:
                    sb.AppendLine($"    [CacheKey(\"tenant:{{tenantId}}:item{i}:{{itemId}}\", Ttl = \"{ttl}\")] public static partial CacheKey Item{i}(Guid tenantId, long itemId);");
                    break;
                case 2:
                    sb.AppendLine($"    [CacheKey(\"user:{{userName}}:view{i}\", Ttl = \"{ttl}\")] public static partial CacheKey View{i}([CacheKeyPart(MaxLength = 64)] string userName);");
                    break;
                case 3:
                    sb.AppendLine($"    [CacheKey(\"region:{{region}}:list{i}\", Ttl = \"{ttl}\", Strategy = CacheStrategy.EventDriven, MaxStaleness = \"00:00:30\")] public static partial CacheKey List{i}(Region region);");
                    break;
                default:
                    sb.AppendLine($"    [CacheKey(\"config{i}\", Ttl = \"{ttl}\")] public static partial CacheKey Config{i}();");
                    break;
            }
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string OtherSource(int i, bool edited) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        namespace Shop.Orders{{i}};
        public sealed record Order{{i}}(Guid Id, string Customer, decimal Total, DateTime PlacedAt);
        public sealed class OrderService{{i}}
        {
            private readonly List<Order{{i}}> _orders = new();
            public void Add(Order{{i}} order) => _orders.Add(order);
            public decimal TotalFor(string customer) => _orders.Where(o => o.Customer == customer).Sum(o => o.Total);
            public IReadOnlyList<Order{{i}}> Recent(int days) => _orders.Where(o => o.PlacedAt > DateTime.UtcNow.AddDays(-days)).OrderByDescending(o => o.PlacedAt).ToList();
            public string Describe() => "{{(edited ? "orderz" : "orders")}}: " + _orders.Count;
        }
        """;
}
