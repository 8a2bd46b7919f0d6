using System;
using System.Linq;
using CachingArchitect.Build.Report;

namespace CachingArchitect.Build.Tests;

public sealed class QaEvidenceTests
{
    /// <summary>A project whose every key comes from a complete, versioned schema; configured layers; no findings.</summary>
    private static SarifBuilder Complete() => new SarifBuilder()
        .Library("StackExchange.Redis", "StackExchange.Redis", "2.8.16")
        .Library("IMemoryCache", "Microsoft.Extensions.Caching.Memory", "10.0.0")
        .Registration("StackExchange.Redis", "AbortOnConnectFail=false", "singleton")
        .Registration("IMemoryCache", "SizeLimit=1024")
        .SchemaKey("ShopKeys", "shop:v1:product:{id}", "product:{id}", "00:05:00", "CacheAside", "prices change hourly")
        .SchemaKey("ShopKeys", "shop:v2:cart:{userId}", "cart:{userId}", "00:30:00", "WriteThrough", "carts are written by their owner only")
        .CallSite("readThrough", "StackExchange.Redis", "shop:v1:product:{id}", "00:05:00", "P.cs", 3, schema: true)
        .CallSite("write", "IMemoryCache", "shop:v2:cart:{userId}", "00:30:00", "C.cs", 3, schema: true);

    [Fact]
    public void Complete_schema_and_configuration_tick_the_provable_checks_only()
    {
        var evidence = QaEvidence.Evaluate(Complete().Data());
        Assert.Equal(new[] { true, true, true, true, false, true, false }, evidence.Select(e => e.Met).ToArray());

        var text = Complete().Render();
        Assert.Contains("- [x] **CACHE-QA-6** Cache key schema is documented with naming conventions and versioning\n  - **Evidence**: met — every key comes from the generated schema with a prefix and a version", text);
        Assert.Contains("- [ ] **CACHE-QA-5** Monitoring and alerting covers hit rates, latency, memory, and eviction metrics\n  - **Evidence**: not met — a build cannot see dashboards", text);
        Assert.Contains("- [ ] **CACHE-QA-7** Performance benchmarks validate that caching meets target SLAs", text);
    }

    [Fact]
    public void A_key_built_outside_the_schema_unticks_schema_invalidation_and_ttl_checks_with_the_reason()
    {
        var data = Complete().CallSite("write", "IMemoryCache", "session:{*}", "", "S.cs", 9).Data();
        var evidence = QaEvidence.Evaluate(data);
        Assert.False(evidence[1].Met);
        Assert.Contains("no declared strategy for `session:{*}`", evidence[1].Reason);
        Assert.False(evidence[2].Met);
        Assert.Contains("TTL not declared for `session:{*}`", evidence[2].Reason);
        Assert.False(evidence[5].Met);
        Assert.Contains("keys built outside the schema: `session:{*}`", evidence[5].Reason);
    }

    [Fact]
    public void Unversioned_family_missing_justification_open_findings_and_unknown_keys_are_reasons()
    {
        var data = Complete()
            .SchemaKey("Legacy", "legacy:{id}", "{id}", "00:01:00", "CacheAside", "")
            .CallSite("read", "StackExchange.Redis", "", "", "R.cs", 1)
            .Add("CACHE001", "warning", "no expiry", "A.cs", 1)
            .Add("CACHE032", "warning", "stampede", "A.cs", 5)
            .Data();
        var evidence = QaEvidence.Evaluate(data);
        Assert.Contains("families without prefix and version: `legacy:{id}`", evidence[5].Reason);
        Assert.Contains("1 call site with keys not known at build time", evidence[5].Reason);
        Assert.Contains("schema keys without a justification: `legacy:{id}`", evidence[2].Reason);
        Assert.Contains("open expiration findings (CACHE001)", evidence[2].Reason);
        Assert.Equal((false, "open resilience findings: CACHE032"), evidence[3]);
    }

    [Fact]
    public void Layers_need_version_and_configuration()
    {
        var data = new SarifBuilder().Library("StackExchange.Redis", "StackExchange.Redis", "").CallSite("read", "StackExchange.Redis", "a:{id}", "", "A.cs", 1).Data();
        var (met, reason) = QaEvidence.Evaluate(data)[0];
        Assert.False(met);
        Assert.Equal("Distributed has no technology version; Distributed has no configuration in code", reason);
        Assert.Equal((false, "no inventory in the build log (CachingArchitectInventory was not on)"), QaEvidence.Evaluate(new SarifBuilder().Data())[0]);
    }

    [Fact]
    public void A_box_ticked_by_hand_stays_ticked_and_says_so_while_evidence_ticks_follow_the_evidence()
    {
        var first = Complete().Render();
        var handTicked = Lines.Tick(first, "CACHE-QA-5");
        var rebuilt = Complete().Render(handTicked);
        Assert.Contains("- [x] **CACHE-QA-5** Monitoring and alerting covers hit rates, latency, memory, and eviction metrics\n  - **Evidence**: not met by build evidence (ticked by hand) — ", rebuilt);
        Assert.Equal(rebuilt, Complete().Render(rebuilt));

        // Evidence tick of QA-6 goes away when the evidence goes away.
        var regressed = Complete().CallSite("write", "IMemoryCache", "session:{*}", "", "S.cs", 9).Render(rebuilt);
        Assert.StartsWith("- [ ] **CACHE-QA-6**", Lines.ItemLine(regressed, "CACHE-QA-6"));
    }
}
