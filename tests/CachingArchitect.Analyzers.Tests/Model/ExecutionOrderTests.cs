using CachingArchitect.Analyzers.Model;

namespace CachingArchitect.Analyzers.Tests.Model;

public class ExecutionOrderTests
{
    private static ModelProbe Probe(string statements) => ModelProbe.Compile($$"""
        public class C
        {
            void A() { }
            void B() { }
            void M(bool flag, int n)
            {
                {{statements}}
            }
        }
        """);

    [Theory]
    [InlineData("A(); B();", true)]
    [InlineData("B(); A();", false)]
    [InlineData("if (flag) { A(); } B();", true)]
    [InlineData("if (flag) { A(); } else { B(); }", false)]
    [InlineData("try { A(); } finally { B(); }", true)]
    [InlineData("switch (n) { case 1: A(); break; default: B(); break; }", false)]
    [InlineData("Action f = () => A(); B();", false)]
    [InlineData("foreach (var i in new[] { 1 }) { A(); B(); }", true)]
    public void Orders_statements_in_one_body(string statements, bool aBeforeB)
    {
        var probe = Probe(statements);
        Assert.Equal(aBeforeB, ExecutionOrder.RunsBefore(probe.Call("A"), probe.Call("B")));
    }

    [Fact]
    public void Finds_the_common_block_and_its_statements()
    {
        var probe = Probe("A(); if (flag) { var x = 1; } B();");
        var common = ExecutionOrder.GetCommonBlock(probe.Call("A"), probe.Call("B"));
        Assert.NotNull(common);
        Assert.Equal("A();", common!.Value.FirstStatement.Syntax.ToString());
        Assert.Equal("B();", common.Value.SecondStatement.Syntax.ToString());
    }
}
