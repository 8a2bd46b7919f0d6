using System;
using System.Linq;
using CachingArchitect.Build.Report;

namespace CachingArchitect.Build.Tests;

public sealed class MergeTests
{
    private static SarifBuilder Two(int line1 = 11, int line2 = 20) => new SarifBuilder()
        .Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "Services/Prices.cs", line1)
        .Add("CACHE004", "warning", "Redis key written by 'StringSet' without a TTL", "Services/Stats.cs", line2);

    [Fact]
    public void Ids_survive_code_moving_between_lines()
    {
        var first = Two().Render();
        var moved = Two(line1: 45, line2: 3).Render(first);

        Assert.Contains("**CACHE-ITEM-1.1** [CACHE001]", moved);
        Assert.Contains("**CACHE-ITEM-1.2** [CACHE004]", moved);
        Assert.Contains("`Services/Prices.cs:45`", moved);
        Assert.DoesNotContain("(resolved)", moved);
    }

    [Fact]
    public void Ticks_and_notes_are_kept_and_the_rebuild_is_a_fixed_point()
    {
        var first = Two().Render();
        var edited = Lines.AddNote(Lines.Tick(first, "CACHE-ITEM-1.2"), "CACHE-ITEM-1.1", "  - note: owner is the pricing team", "", "    second paragraph of the note");
        edited = Lines.Tick(edited, "CACHE-CTX-3");
        edited = Lines.AddNote(edited, "CACHE-PLAN-2.1", "Decided: keep IMemoryCache, 200 MB.");

        var rebuilt = Two(line1: 12).Render(edited);

        Assert.StartsWith("- [x] **CACHE-ITEM-1.2**", Lines.ItemLine(rebuilt, "CACHE-ITEM-1.2"));
        Assert.StartsWith("- [ ] **CACHE-ITEM-1.1**", Lines.ItemLine(rebuilt, "CACHE-ITEM-1.1"));
        Assert.StartsWith("- [x] **CACHE-CTX-3**", Lines.ItemLine(rebuilt, "CACHE-CTX-3"));
        Assert.Contains("  - **Validation**: `dotnet build` no longer reports CACHE001 at this location; then `dotnet test`.\n  - note: owner is the pricing team\n\n    second paragraph of the note\n- [x] **CACHE-ITEM-1.2**", rebuilt);
        Assert.Contains("Decided: keep IMemoryCache, 200 MB.", rebuilt);
        Assert.Equal(rebuilt, Two(line1: 12).Render(rebuilt));
    }

    [Fact]
    public void A_fixed_finding_is_kept_as_resolved_with_its_notes_until_the_user_deletes_it()
    {
        var first = Two().Render();
        var noted = Lines.AddNote(first, "CACHE-ITEM-1.2", "  - PR #42");
        var fixedBuild = new SarifBuilder().Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "Services/Prices.cs", 11);

        var after = fixedBuild.Render(noted);
        var line = Lines.ItemLine(after, "CACHE-ITEM-1.2");
        Assert.StartsWith("- [x] **CACHE-ITEM-1.2** [CACHE004]", line);
        Assert.EndsWith("(resolved)", line);
        Assert.Contains("  - PR #42", after);
        Assert.Contains("  - **Description**: Redis key written by 'StringSet' without a TTL.", after); // last known text
        Assert.Equal(after, fixedBuild.Render(after)); // stable; not "(resolved) (resolved)"

        // The user deletes the resolved item: it stays gone, and its number is never reused.
        var lines = after.Split('\n').ToList();
        var start = lines.FindIndex(l => l.Contains("**CACHE-ITEM-1.2**"));
        var end = start + 1;
        while (lines[end].StartsWith("  ", StringComparison.Ordinal)) end++;
        lines.RemoveRange(start, end - start);
        var deleted = fixedBuild.Render(string.Join("\n", lines));
        Assert.DoesNotContain("CACHE-ITEM-1.2 ", deleted.Replace("max 1 2", ""));
        Assert.DoesNotContain("**CACHE-ITEM-1.2**", deleted);

        var another = new SarifBuilder()
            .Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "Services/Prices.cs", 11)
            .Add("CACHE002", "warning", "Sliding expiration without an absolute cap", "Services/Other.cs", 5);
        var next = another.Render(deleted);
        Assert.Contains("**CACHE-ITEM-1.3** [CACHE002]", next);
    }

    [Fact]
    public void A_new_finding_gets_a_new_id_and_never_an_old_one()
    {
        var first = Two().Render();
        var withNew = new SarifBuilder()
            .Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "Services/Prices.cs", 11)
            .Add("CACHE001", "warning", "Call to 'GetOrCreate' stores a value without an expiry", "Services/A.cs", 2) // sorts before Prices.cs
            .Render(first);

        Assert.Contains("**CACHE-ITEM-1.1** [CACHE001]", withNew);
        Assert.Contains("`Services/Prices.cs:11`", ItemText(withNew, "CACHE-ITEM-1.1"));
        Assert.Contains("`Services/A.cs:2`", ItemText(withNew, "CACHE-ITEM-1.3"));
        Assert.EndsWith("(resolved)", Lines.ItemLine(withNew, "CACHE-ITEM-1.2"));
    }

    [Fact]
    public void A_resolved_finding_that_comes_back_is_reopened_under_its_old_id()
    {
        var first = Two().Render();
        var resolved = new SarifBuilder().Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "Services/Prices.cs", 11).Render(first);
        var back = Two(line2: 30).Render(resolved);

        Assert.StartsWith("- [ ] **CACHE-ITEM-1.2** [CACHE004]", Lines.ItemLine(back, "CACHE-ITEM-1.2"));
        Assert.DoesNotContain("(resolved)", back);
    }

    [Fact]
    public void Same_rule_and_message_in_one_file_is_one_item_with_every_location()
    {
        var text = new SarifBuilder()
            .Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "A.cs", 30)
            .Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "A.cs", 10)
            .Add("CACHE001", "warning", "Call to 'Set' stores a value without an expiry", "B.cs", 10)
            .Render();

        Assert.Contains("Locations: `A.cs:10`, `A.cs:30`.", text);
        Assert.Contains("**CACHE-ITEM-1.2**", text);
        Assert.DoesNotContain("**CACHE-ITEM-1.3**", text);
    }

    [Fact]
    public void The_caAnchor_property_overrides_the_message_as_identity()
    {
        var before = new SarifBuilder().Add("CACHE010", "warning", "Volatile value 'DateTime.Now' in key", "A.cs", 3, new System.Collections.Generic.Dictionary<string, string> { ["caAnchor"] = "PriceService.Get" }).Render();
        var after = new SarifBuilder().Add("CACHE010", "warning", "Volatile value 'DateTime.UtcNow' in key", "A.cs", 3, new System.Collections.Generic.Dictionary<string, string> { ["caAnchor"] = "PriceService.Get" }).Render(before);
        Assert.Contains("**CACHE-ITEM-2.1**", after);
        Assert.DoesNotContain("(resolved)", after);
    }

    [Fact]
    public void Without_the_registry_ids_are_not_reused_either()
    {
        var first = Two().Render();
        var start = first.IndexOf("<!-- caching-architect:registry", StringComparison.Ordinal);
        var noRegistry = first.Substring(0, start);
        var text = new SarifBuilder().Add("CACHE002", "warning", "x", "C.cs", 1).Render(noRegistry);
        Assert.Contains("**CACHE-ITEM-1.3** [CACHE002]", text);
    }

    [Fact]
    public void Notes_definition_ignores_generated_field_lines()
    {
        var doc = TodoDocument.Parse("- [x] **CACHE-ITEM-1.1** title\n  - **Description**: d\n  - my note\n  - **Validation**: v\n  - **Not a field**: kept\n\n## Next\n");
        var item = Assert.Single(doc.Items);
        Assert.True(item.Checked);
        Assert.Equal(new[] { "  - my note", "  - **Not a field**: kept" }, item.Notes);
        Assert.Equal(2, item.GeneratedLines.Count);
    }

    private static string ItemText(string document, string id)
    {
        var lines = document.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("- [", StringComparison.Ordinal) && l.Contains("**" + id + "**"));
        var end = start + 1;
        while (end < lines.Count && lines[end].StartsWith("  ", StringComparison.Ordinal)) end++;
        return string.Join("\n", lines.GetRange(start, end - start));
    }
}
