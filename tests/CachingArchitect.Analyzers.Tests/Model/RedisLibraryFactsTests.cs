using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Tests.Infrastructure;

namespace CachingArchitect.Analyzers.Tests.Model;

public class RedisLibraryFactsTests
{
    [Fact]
    public void Redis_versions_of_the_test_references_are_read_from_their_attributes()
    {
        foreach (var (redis, expected, ships) in new[] { (RedisVersion.V2, new System.Version(2, 8, 16), false), (RedisVersion.V3, new System.Version(3, 4, 35), true) })
        {
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("probe", references: TestReferences.All(redis));
            var facts = RedisLibraryFacts.Get(compilation);
            Assert.True(facts.IsReferenced);
            Assert.Equal(expected, facts.PackageVersion);
            Assert.Equal(ships, facts.ShipsSer307);
        }
    }

    [Theory]
    [InlineData("3.1.31", true)]
    [InlineData("3.1.31-preview.4+abc", true)]
    [InlineData("3.1.13+9f1c", false)]
    [InlineData("3.0.5", false)]
    [InlineData("2.13.23.51234", false)]
    [InlineData("10.0.0", true)]
    public void Ser307_version_threshold(string text, bool ships)
    {
        Assert.True(RedisLibraryFacts.TryParse(text, out var version));
        Assert.Equal(ships, version >= RedisLibraryFacts.FirstWithSer307);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0.0.1")]
    public void Unparsable_versions_are_rejected(string text) => Assert.False(RedisLibraryFacts.TryParse(text, out _));

    [Fact]
    public void No_redis_reference_means_no_facts()
    {
        var facts = RedisLibraryFacts.Get(Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("probe", references: TestReferences.BclOnly));
        Assert.False(facts.IsReferenced);
        Assert.Null(facts.ShipsSer307);
    }
}
