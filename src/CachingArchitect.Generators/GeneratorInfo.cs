namespace CachingArchitect.Generators
{
    /// <summary>The tool name and version written into <c>[GeneratedCode]</c>.</summary>
    internal static class GeneratorInfo
    {
        public const string Tool = "CachingArchitect.Generators";

        /// <summary>The generator's assembly version (major.minor.build, from VersionPrefix); the snapshot tests scrub it.</summary>
        public static readonly string Version = typeof(GeneratorInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
