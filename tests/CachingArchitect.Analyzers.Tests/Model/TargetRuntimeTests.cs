using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CachingArchitect.Analyzers.Tests.Model;

public class TargetRuntimeTests
{
    private static TargetRuntimeKind Kind(string name) => (TargetRuntimeKind)System.Enum.Parse(typeof(TargetRuntimeKind), name);

    [Theory]
    [InlineData("net8.0", "NetCore")]
    [InlineData("net10.0", "NetCore")]
    [InlineData("net5.0-windows", "NetCore")]
    [InlineData("net8.0-windows10.0.19041.0", "NetCore")]
    [InlineData("netcoreapp3.1", "NetCore")]
    [InlineData(" NET6.0 ", "NetCore")]
    [InlineData("net48", "NetFramework")]
    [InlineData("net472", "NetFramework")]
    [InlineData("net462", "NetFramework")]
    [InlineData("net4.8", "NetFramework")]
    [InlineData("netstandard2.0", "Unknown")]
    public void Moniker_decides(string moniker, string expected) =>
        Assert.Equal(Kind(expected), TargetRuntime.FromMoniker(moniker));

    [Theory]
    [InlineData("")]
    [InlineData("net8.0;net48")]
    [InlineData("monoandroid10")]
    [InlineData("net")]
    [InlineData("uap10.0")]
    public void Unrecognised_moniker_is_undecided(string moniker) =>
        Assert.Null(TargetRuntime.FromMoniker(moniker));

    [Theory]
    [InlineData(".NETCoreApp", "NetCore")]
    [InlineData(".NETFramework", "NetFramework")]
    [InlineData(".NETStandard", "Unknown")]
    public void Identifier_decides(string identifier, string expected) =>
        Assert.Equal(Kind(expected), TargetRuntime.FromIdentifier(identifier));

    [Fact]
    public void Unknown_identifier_is_undecided() => Assert.Null(TargetRuntime.FromIdentifier("Xamarin.iOS"));

    [Fact]
    public void Net_reference_pack_core_library_is_NetCore()
    {
        var compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class C { }") }, TestReferences.BclOnly);
        Assert.Equal(TargetRuntimeKind.NetCore, TargetRuntime.FromCoreLibrary(compilation));
        Assert.Equal(TargetRuntimeKind.NetCore, TargetRuntime.Get(compilation, options: null));
    }

    [Theory]
    [InlineData("mscorlib", "NetFramework")]
    [InlineData("System.Private.CoreLib", "NetCore")]
    [InlineData("netstandard", "Unknown")]
    public void Core_library_name_decides(string coreLibrary, string expected)
    {
        // A compilation without references that declares System.Object is its own core library.
        var corlib = CSharpSyntaxTree.ParseText("""
            namespace System
            {
                public class Object { }
                public abstract class ValueType { }
                public struct Void { }
                public sealed class String { }
            }
            """);
        var compilation = CSharpCompilation.Create(coreLibrary, new[] { corlib }, System.Array.Empty<MetadataReference>());
        Assert.Equal(Kind(expected), TargetRuntime.FromCoreLibrary(compilation));
    }

    [Fact]
    public void No_core_library_is_unknown()
    {
        var compilation = CSharpCompilation.Create("Empty", new[] { CSharpSyntaxTree.ParseText("class C { }") });
        Assert.Equal(TargetRuntimeKind.Unknown, TargetRuntime.FromCoreLibrary(compilation));
    }
}
