using System;
using System.Linq;
using CachingArchitect.Build.Report;

namespace CachingArchitect.Build.Tests;

/// <summary>
/// Fixtures/hybrid.sarif: a project path with a space, a warning promoted to error, a DiagnosticSuppressor
/// suppression, a rejected suppression (still reported), a generator's virtual path, relatedLocations, a rule without
/// helpUri, invocations with severity overrides, HybridCache (two layers) and an event-driven schema key.
/// </summary>
public sealed class HybridFixtureTests
{
    private const string Project = "/home/dev/My Projects/Api";

    private static string Render() => TodoRenderer.Render(Fixture.Input(Fixture.Read("hybrid.sarif", Project), "Api"), TodoDocument.Empty);

    [Fact]
    public void Suppressor_suppressions_are_excluded_and_rejected_ones_are_not()
    {
        var log = Fixture.Read("hybrid.sarif", Project);
        Assert.Equal(1, log.SuppressedCount);
        Assert.DoesNotContain(log.Results, r => r.RuleId == "CACHE032");
        Assert.Contains(log.Results, r => r.RuleId == "CACHE045" && r.Path == "CachingArchitect.Generators/CachingArchitect.Generators.KeySchemaGenerator/OrderKeys.g.cs");
    }

    [Fact]
    public void A_warning_promoted_to_error_is_a_CachingArchitect_error_and_comes_first()
    {
        var text = Render();
        var items = RendererTests.Section(text, "## Caching Items").Where(l => l.StartsWith("- [", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("- [ ] **CACHE-ITEM-1.1** [CACHE001]", items[0]);
        Assert.EndsWith("— Error", items[0]);
        Assert.Contains("`Features/Orders/OrderCache.cs:27`", text);
    }

    [Fact]
    public void HTTP_findings_use_the_HTTP_caching_surface_at_their_location()
    {
        var item = RendererTests.ItemBlock(Render(), "CACHE066");
        Assert.Contains("  - **TTL and Eviction**: found Cache-Control `public,max-age=60` (ResponseCache)", item);
        Assert.Contains(item, l => l.StartsWith("  - **Invalidation Strategy**: HTTP responses: expiry by max-age/duration", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_without_helpUri_links_to_the_docs_page()
    {
        Assert.Contains("[CACHE045](https://github.com/caching-architect/CachingArchitect/blob/main/docs/rules/CACHE045.md)", Render());
    }

    [Fact]
    public void HybridCache_spans_two_layers_and_the_schema_drives_the_finding_fields()
    {
        var text = Render();
        Assert.Contains("- [ ] **CACHE-PLAN-1.1** CDN / HTTP caching", text);
        Assert.Contains("- [ ] **CACHE-PLAN-2.1** Application (in-process) cache", text);
        Assert.Contains("- [ ] **CACHE-PLAN-3.1** Distributed cache", text);
        Assert.Contains("  - **Technology**: HybridCache 10.11.0", text);
        Assert.Contains("Cache-Control `public,max-age=60`", text);

        var item = RendererTests.ItemBlock(text, "CACHE001");
        Assert.Contains("  - **Invalidation Strategy**: event-driven (declared in key schema `OrderKeys` for `orders:v3:order:{id}`)", item);
        Assert.Contains("  - **TTL and Eviction**: TTL 10 min ±15 %, max staleness 30 s (key schema)", item);
        Assert.Contains("| `orders:v3:order:{id}` | order:{id} | Application, Distributed | 10 min ±15 % | event-driven | 30 s | orders change only through OrderService, which invalidates | generated schema (`OrderKeys`) |", text);
        Assert.Contains("| `orders:v3:order:{id}` | HybridCache, IMemoryCache | 0 | 1 | 1 | 1 | 10 min |", text);
    }

    [Fact]
    public void Every_family_from_a_versioned_schema_ticks_the_schema_check()
    {
        var evidence = QaEvidence.Evaluate(ReportData.From(Fixture.Read("hybrid.sarif", Project)));
        Assert.True(evidence[5].Met, evidence[5].Reason);
        Assert.True(evidence[1].Met, evidence[1].Reason);
        Assert.False(evidence[2].Met); // CACHE001 (expiration) is open
        Assert.Contains("open expiration findings (CACHE001)", evidence[2].Reason);
    }
}
