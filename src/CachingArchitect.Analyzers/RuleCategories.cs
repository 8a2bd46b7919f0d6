namespace CachingArchitect.Analyzers;

/// <summary>
/// Diagnostic categories. They double as bulk-configuration keys
/// (<c>dotnet_analyzer_diagnostic.category-CachingArchitect.Expiration.severity</c>), so they never change.
/// ID ranges: 001–009 Expiration · 010–015 Keys · 020–024 Consistency · 030–035 Resilience ·
/// 040–045 Performance · 050–054 Security · 060–066 HTTP/CDN · 070–075 Configuration · 080–089 Schema ·
/// 900–909 Inventory (report facts, not findings; see docs/report-inventory.md).
/// </summary>
internal static class RuleCategories
{
    public const string Expiration = "CachingArchitect.Expiration";
    public const string Keys = "CachingArchitect.Keys";
    public const string Consistency = "CachingArchitect.Consistency";
    public const string Resilience = "CachingArchitect.Resilience";
    public const string Performance = "CachingArchitect.Performance";
    public const string Security = "CachingArchitect.Security";
    public const string Http = "CachingArchitect.Http";
    public const string Configuration = "CachingArchitect.Configuration";
    public const string Schema = "CachingArchitect.Schema";
    public const string Inventory = "CachingArchitect.Inventory";
}
