namespace CachingArchitect.Generators
{
    /// <summary>The tool name and version written into <c>[GeneratedCode]</c>.</summary>
    internal static class GeneratorInfo
    {
        /// <summary>Keep in step with VersionPrefix in Directory.Build.props (the snapshot tests scrub it).</summary>
        public const string Version = "0.1.0";
    }
}
