namespace CachingArchitect.Generators
{
    /// <summary>Names of the tracked pipeline steps (<c>WithTrackingName</c>), used by the incremental tests.</summary>
    internal static class TrackingNames
    {
        /// <summary>The few facts about the target framework and language version the emitter needs.</summary>
        public const string TargetFacts = "CachingArchitect.TargetFacts";

        /// <summary>Every <c>[CacheKey]</c> method turned into a model (null for a shape the generator cannot implement).</summary>
        public const string KeyMethods = "CachingArchitect.KeyMethods";

        /// <summary>Only the implementable key methods.</summary>
        public const string ValidKeyMethods = "CachingArchitect.ValidKeyMethods";

        /// <summary>The key methods grouped per schema class.</summary>
        public const string Schemas = "CachingArchitect.Schemas";

        /// <summary>A schema combined with the target facts: the input of the source output.</summary>
        public const string SchemasWithFacts = "CachingArchitect.SchemasWithFacts";
    }
}
