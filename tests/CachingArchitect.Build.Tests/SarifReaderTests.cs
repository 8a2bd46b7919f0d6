using System;
using System.IO;
using System.Linq;
using System.Text;
using CachingArchitect.Build.Report;

namespace CachingArchitect.Build.Tests;

public sealed class SarifReaderTests
{
    [Fact]
    public void Reads_the_hand_written_fixture_without_suppressed_or_foreign_results()
    {
        var log = Fixture.Read("shop.sarif");

        Assert.All(log.Results, r => Assert.StartsWith("CACHE", r.RuleId));
        Assert.DoesNotContain(log.Results, r => r.RuleId == "CACHE001" && r.Path == "Program.cs"); // #pragma-suppressed
        Assert.Single(log.Results, r => r.RuleId == "CACHE001");
        Assert.Equal(1, log.SuppressedCount);
        Assert.Empty(log.ForeignErrors); // CS8618 is a warning, CA1822 a note
        Assert.Equal("https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/CACHE071.md", log.Rules["CACHE071"].HelpUri);
        Assert.Equal("CachingArchitect.Configuration", log.Rules["CACHE071"].Category);
    }

    [Fact]
    public void Paths_with_spaces_and_non_ASCII_characters_become_project_relative()
    {
        var log = Fixture.Read("shop.sarif");

        Assert.Contains(log.Results, r => r.RuleId == "CACHE071" && r.Path == "Services/Catalog Cache.cs" && r.Line == 14 && r.Column == 9);
        Assert.Contains(log.Results, r => r.RuleId == "CACHE004" && r.Path == "Services/Статистика.cs" && r.Line == 22);
    }

    [Fact]
    public void Results_without_locations_are_kept_with_no_path()
    {
        var log = Fixture.Read("shop.sarif");

        var telemetry = Assert.Single(log.Results, r => r.RuleId == "CACHE073");
        Assert.Null(telemetry.Path);
        Assert.Equal(0, telemetry.Line);
        var data = ReportData.From(log);
        Assert.Equal("(project-wide, no source location)", Assert.Single(data.Findings, f => f.RuleId == "CACHE073").Locations.Single().Display);
    }

    [Fact]
    public void Custom_properties_are_read()
    {
        var log = Fixture.Read("shop.sarif");

        var fix = Assert.Single(log.Results, r => r.RuleId == "CACHE071");
        Assert.Equal("14", fix.Property("caFixStartLine"));
        Assert.Equal("Set Size on the entry", fix.Property("caFixTitle"));
        Assert.Equal("", fix.Property("missing"));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n\t ", "is empty")]
    [InlineData("{ this is not json", "malformed or truncated")]
    [InlineData("[1, 2]", "not a SARIF object")]
    [InlineData("{\"version\": \"2.1.0\"}", "no 'runs' array")]
    [InlineData("{\"version\": \"3.0.0\", \"runs\": []}", "version '3.0.0'")]
    [InlineData("{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{\"ruleId\": \"CACHE001\", \"locations\": [{\"physicalLocation\": {\"region\": 5}}]}]}]}", "")]
    public void Unusable_logs_give_one_clear_message(string text, string expected)
    {
        if (expected.Length == 0)
        {
            // Odd but valid shapes are tolerated.
            var log = SarifReader.Read(Encoding.UTF8.GetBytes(text), "x.sarif", "/src");
            Assert.Single(log.Results);
            return;
        }

        var e = Assert.Throws<SarifReadException>(() => SarifReader.Read(Encoding.UTF8.GetBytes(text), "obj/x.sarif", "/src"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("obj/x.sarif", e.Message);
    }

    [Fact]
    public void A_truncated_log_is_reported_as_truncated()
    {
        var bytes = Fixture.Bytes("shop.sarif");
        foreach (var cut in new[] { 1, bytes.Length / 3, bytes.Length / 2, bytes.Length - 3 })
        {
            var e = Assert.Throws<SarifReadException>(() => SarifReader.Read(bytes.AsMemory(0, cut), "obj/x.sarif", "/src"));
            Assert.Contains("malformed or truncated", e.Message);
        }
    }

    [Fact]
    public void A_v1_log_says_how_to_ask_for_version_2_1()
    {
        var e = Assert.Throws<SarifReadException>(() => Fixture.Read("v1.sarif"));
        Assert.Contains("SARIF 1.0.0", e.Message);
        Assert.Contains(",version=2.1", e.Message);
    }

    [Fact]
    public void A_missing_log_is_reported()
    {
        var e = Assert.Throws<SarifReadException>(() => SarifReader.ReadFile(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid() + ".sarif"), "/src"));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Fixture.Bytes("shop.sarif")).ToArray();
        Assert.NotEmpty(SarifReader.Read(bytes, "x.sarif", Fixture.ShopDirectory).Results);
    }

    [Fact]
    public void Foreign_errors_are_detected_but_suppressed_ones_are_not()
    {
        var log = new SarifBuilder()
            .Add("CS0103", "error", "The name 'x' does not exist in the current context", "Program.cs", 3)
            .Add("CS0168", "error", "suppressed", "Program.cs", 4, suppressed: true)
            .Add("CACHE071", "error", "ours", "Program.cs", 5)
            .Log();

        Assert.Equal("CS0103: The name 'x' does not exist in the current context", Assert.Single(log.ForeignErrors));
        Assert.Single(log.Results);
    }

    [Theory]
    [InlineData("obj/a.sarif,version=2.1", "obj/a.sarif", "2.1")]
    [InlineData("obj/a.sarif;version=2", "obj/a.sarif", "2")]
    [InlineData("/tmp/my dir/a.sarif", "/tmp/my dir/a.sarif", null)]
    [InlineData(" a,b.sarif ", "a,b.sarif", null)]
    public void ErrorLog_values_are_split_into_path_and_version(string value, string path, string? version)
    {
        Assert.Equal((path, version), SarifReader.ParseErrorLogValue(value));
    }

    [Theory]
    [InlineData("file:///src/Shop/A%20B/C.cs", "/src/Shop", "A B/C.cs")]
    [InlineData("file:///src/Other/C.cs", "/src/Shop", "../Other/C.cs")]
    [InlineData("Generated/Keys.g.cs", "/src/Shop", "Generated/Keys.g.cs")]
    [InlineData("CachingArchitect.Generators/CachingArchitect.Generators.KeySchemaGenerator/ShopKeys.g.cs", "/src/Shop", "CachingArchitect.Generators/CachingArchitect.Generators.KeySchemaGenerator/ShopKeys.g.cs")]
    [InlineData("rel%C3%A9/x.cs", "/src/Shop", "relé/x.cs")]
    public void Uris_become_relative_paths(string uri, string projectDirectory, string expected)
    {
        Assert.Equal(expected, SarifReader.PathFromUri(uri, projectDirectory));
    }
}
