using System.Collections.Generic;
using System.Linq;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Tests.Model;

public class OptionsObjectWalkerTests
{
    private static (IOperation Body, ILocalSymbol Options) Compile(string body)
    {
        var source = $$"""
            class C
            {
                void M(IMemoryCache cache, MemoryCacheEntryOptions[] array, Action<MemoryCacheEntryOptions> configure)
                {
                    {{body}}
                }
            }
            """;
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)),
            CSharpSyntaxTree.ParseText(TestSources.GlobalUsings, new CSharpParseOptions(LanguageVersion.Preview)),
        };
        var compilation = CSharpCompilation.Create("Probe", trees, TestReferences.All(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var model = compilation.GetSemanticModel(trees[0]);
        var method = trees[0].GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        var operation = model.GetOperation(method)!;
        var declarator = trees[0].GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().First(v => v.Identifier.ValueText == "options");
        return (operation, (ILocalSymbol)model.GetDeclaredSymbol(declarator)!);
    }

    private static List<OptionsUseKind> Uses(string body)
    {
        var (operation, options) = Compile(body);
        return OptionsObjectWalker.GetUses(options, operation).Select(u => u.Kind).ToList();
    }

    [Fact]
    public void Uses_are_classified()
    {
        var kinds = Uses("""
            var options = new MemoryCacheEntryOptions();
            options.SlidingExpiration = TimeSpan.FromMinutes(1);
            options.SetAbsoluteExpiration(TimeSpan.FromHours(1));
            options.ExpirationTokens.Add(null!);
            var size = options.Size;
            cache.Set("k", 1, options);
            configure(options);
            array[0] = options;
            options = new MemoryCacheEntryOptions();
            var alias = (object)options;
            """);
        Assert.Equal(
            new[]
            {
                OptionsUseKind.MemberAssignment, OptionsUseKind.Call, OptionsUseKind.MemberCall, OptionsUseKind.MemberRead,
                OptionsUseKind.Argument, OptionsUseKind.Argument, OptionsUseKind.AssignedFrom, OptionsUseKind.AssignedTo, OptionsUseKind.Other,
            },
            kinds);
    }

    [Fact]
    public void Argument_use_carries_the_invocation()
    {
        var (operation, options) = Compile("""
            var options = new MemoryCacheEntryOptions();
            configure(options);
            """);
        var use = OptionsObjectWalker.GetUses(options, operation).Single();
        Assert.Equal(OptionsUseKind.Argument, use.Kind);
        Assert.Equal("configure(options)", use.Call?.Syntax.ToString());
    }

    [Fact]
    public void Fluent_chain_is_walked_while_the_visitor_accepts()
    {
        var (operation, options) = Compile("""
            var options = new MemoryCacheEntryOptions();
            options.SetSize(1).SetSlidingExpiration(TimeSpan.FromMinutes(1)).SetPriority(CacheItemPriority.High).ToString();
            """);
        var reference = OptionsObjectWalker.GetUses(options, operation).Single().Reference;
        var visited = new List<string>();
        var end = OptionsObjectWalker.WalkFluentChain(reference, call =>
        {
            if (!call.TargetMethod.Name.StartsWith("Set", System.StringComparison.Ordinal))
            {
                return false;
            }

            visited.Add(call.TargetMethod.Name);
            return true;
        });
        Assert.Equal(new[] { "SetSize", "SetSlidingExpiration", "SetPriority" }, visited);
        Assert.Equal("SetPriority", ((IInvocationOperation)end).TargetMethod.Name);

        var limited = new List<string>();
        OptionsObjectWalker.WalkFluentChain(reference, call => { limited.Add(call.TargetMethod.Name); return true; }, maxSteps: 2);
        Assert.Equal(new[] { "SetSize", "SetSlidingExpiration" }, limited);
    }
}
