namespace CachingArchitect
{
    /// <summary>How the data behind a cache key is kept fresh. Documents intent for the team, the analyzers and the TODO report.</summary>
    public enum CacheStrategy
    {
        /// <summary>The application reads the cache, loads from the source on a miss and writes the entry (lazy loading).</summary>
        CacheAside = 0,

        /// <summary>A cache layer loads from the source on a miss on the caller's behalf (for example a get-or-create with a factory).</summary>
        ReadThrough = 1,

        /// <summary>Every write goes to the source and to the cache in the same operation.</summary>
        WriteThrough = 2,

        /// <summary>Writes go to the cache first and reach the source later, asynchronously.</summary>
        WriteBehind = 3,

        /// <summary>Entries are refreshed or invalidated by change events from the source (messages, CDC, pub/sub).</summary>
        EventDriven = 4,
    }
}
