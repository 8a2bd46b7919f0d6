using System;
using System.Linq;

namespace CachingArchitect.Generators.Tests;

/// <summary>The run-time check of string key parts that generated builders call (its ASCII fast path included).</summary>
public sealed class CacheKeyPartsTests
{
    [Fact]
    public void Every_UTF16_code_unit_is_accepted_or_rejected_by_the_documented_rule()
    {
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            var expectedForbidden = c is ':' or '{' or '}' or '*' or '?' or '[' or ']' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c);
            var value = "a" + c;
            if (expectedForbidden)
            {
                Assert.Throws<ArgumentException>(() => CacheKeyParts.Check(value, 10, "part"));
            }
            else
            {
                Assert.Same(value, CacheKeyParts.Check(value, 10, "part"));
            }
        }
    }

    [Fact]
    public void Length_bounds_and_null_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => CacheKeyParts.Check(null, 10, "part"));
        Assert.Throws<ArgumentException>(() => CacheKeyParts.Check(string.Empty, 10, "part"));
        Assert.Equal("abc", CacheKeyParts.Check("abc", 3, "part"));
        var tooLong = Assert.Throws<ArgumentException>(() => CacheKeyParts.Check("abcd", 3, "part"));
        Assert.Equal("part", tooLong.ParamName);
    }
}

/// <summary>The line diff of the approval helper.</summary>
public sealed class ApprovalsTests
{
    [Fact]
    public void Diff_shows_removed_and_added_lines_with_their_numbers()
    {
        var diff = CachingArchitect.Generators.Tests.Infrastructure.Approvals.Diff("a\nb\nc", "a\nB\nc\nd");
        var lines = diff.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal(new[] { "+ 2: B", "+ 4: d", "- 2: b" }, lines.Order(System.StringComparer.Ordinal));
    }
}
