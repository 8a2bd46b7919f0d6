using CachingArchitect.Analyzers.Model.Http;

namespace CachingArchitect.Analyzers.Tests.Model;

public class CacheControlValueTests
{
    [Fact]
    public void Parses_known_and_unknown_directives()
    {
        var value = CacheControlValue.Parse("public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=600, immutable, must-revalidate, x-custom=\"a b\"");
        Assert.True(value.IsValid);
        Assert.True(value.Public);
        Assert.Equal(60, value.MaxAge);
        Assert.Equal(300, value.SharedMaxAge);
        Assert.Equal(30, value.StaleWhileRevalidate);
        Assert.Equal(600, value.StaleIfError);
        Assert.True(value.Immutable);
        Assert.True(value.MustRevalidate);
        Assert.Equal("a b", value.Argument("x-custom"));
        Assert.True(value.IsSharedCacheable);
        Assert.Empty(value.Contradictions);
    }

    [Theory]
    [InlineData("max-age: 60", "max-age=60")]
    [InlineData("public, max-age=60s", "public, max-age=60")]
    [InlineData("public max-age=60", "public, max-age=60")]
    public void Records_errors_with_positions_and_repairs(string text, string repaired)
    {
        var value = CacheControlValue.Parse(text);
        Assert.False(value.IsValid);
        Assert.InRange(value.Errors[0].Position, 0, text.Length);
        Assert.True(value.Repaired.IsValid);
        Assert.Equal(repaired, CacheControlValue.FromDirectives(value.Repaired.Directives).Text);
    }

    [Theory]
    [InlineData("s-maxage=abc")]
    [InlineData("stale-while-revalidate=1.5")]
    [InlineData("max-age")]
    [InlineData("public, =5")]
    public void Non_integer_or_missing_seconds_are_errors(string text) =>
        Assert.False(CacheControlValue.Parse(text).IsValid);

    [Theory]
    [InlineData("no-store, max-age=60", "'no-store' with 'max-age=60'")]
    [InlineData("public, private", "'public' with 'private'")]
    [InlineData("no-cache, immutable", "'no-cache' with 'immutable'")]
    [InlineData("no-store, public", "'no-store' with 'public'")]
    public void Finds_contradictions(string text, string expected) =>
        Assert.Contains(expected, CacheControlValue.Parse(text).Contradictions);

    [Theory]
    [InlineData("public, max-age=60", true)]
    [InlineData("s-maxage=60", true)]
    [InlineData("public", true)]
    [InlineData("private, max-age=60", false)]
    [InlineData("public, max-age=0", false)]
    [InlineData("public, no-cache", false)]
    [InlineData("no-store", false)]
    [InlineData("max-age=60", false)]
    [InlineData("public, max-age=0, s-maxage=60", true)]
    public void Shared_cacheability(string text, bool shared) =>
        Assert.Equal(shared, CacheControlValue.Parse(text).IsSharedCacheable);

    [Fact]
    public void Empty_and_null_are_valid_and_not_cacheable()
    {
        Assert.True(CacheControlValue.Parse(null).IsValid);
        Assert.False(CacheControlValue.Parse("").IsSharedCacheable);
    }
}
