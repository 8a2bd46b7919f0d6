using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Proves whether an <c>IMemoryCache</c> instance is size-limited (<c>SizeLimit</c> set where it is created).</summary>
internal static class SizeLimitTracer
{
    /// <summary>
    /// True/false when the creation of the cache instance is visible (<c>new MemoryCache(options)</c> in a local, a readonly field or
    /// an auto-property initializer, with options from an initializer, later assignments on the options local, or
    /// <c>Options.Create</c>); null when unknown (e.g. injected, or options configured out of sight).
    /// </summary>
    public static bool? IsSizeLimited(IOperation? receiver)
    {
        var creation = MemoryCacheConfiguration.ResolveCacheCreation(receiver, 0);
        if (creation is null)
        {
            return null;
        }

        var options = MemoryCacheConfiguration.OptionsOfCreation(creation);
        if (options.SizeLimit is not null)
        {
            return true;
        }

        return options.HasUnknownSource || options.BoundSection is not null ? null : false;
    }
}
