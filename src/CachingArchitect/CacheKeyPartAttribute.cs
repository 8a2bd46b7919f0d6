using System;

namespace CachingArchitect
{
    /// <summary>
    /// Declares the bound of a <see cref="string"/> key parameter. Without it, a string parameter is an unbounded key part
    /// (CACHE082). The generated builder checks the bound and the characters at run time and throws
    /// <see cref="ArgumentException"/> for a value that is too long, empty, or contains the separator, whitespace, control
    /// characters or glob characters, so a key part can never forge another key.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class CacheKeyPartAttribute : Attribute
    {
        /// <summary>The longest accepted value, in UTF-16 code units (1–1024).</summary>
        public int MaxLength { get; set; }
    }
}
