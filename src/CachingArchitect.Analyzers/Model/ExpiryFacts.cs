using System;
using Microsoft.CodeAnalysis;

namespace CachingArchitect.Analyzers.Model;

/// <summary>What a traced expiry source sets.</summary>
[Flags]
internal enum ExpiryFlags
{
    None = 0,

    /// <summary><c>AbsoluteExpiration</c> (a point in time).</summary>
    Absolute = 1 << 0,

    /// <summary><c>AbsoluteExpirationRelativeToNow</c>, a TTL argument, <c>Expiration</c>, <c>Duration</c>.</summary>
    Relative = 1 << 1,

    /// <summary><c>SlidingExpiration</c>.</summary>
    Sliding = 1 << 2,

    /// <summary>Change tokens (<c>ExpirationTokens</c>, <c>AddExpirationToken</c>) or System.Runtime.Caching <c>ChangeMonitors</c>.</summary>
    Token = 1 << 3,

    /// <summary><c>Size</c> is set.</summary>
    Size = 1 << 4,

    /// <summary><c>Priority = NeverRemove</c>.</summary>
    NeverRemove = 1 << 5,

    /// <summary>An explicit "never expires" value (<c>TimeSpan.MaxValue</c>, <c>InfiniteAbsoluteExpiration</c>, <c>Expiration.Persist</c>, 0 seconds…).</summary>
    Infinite = 1 << 6,

    /// <summary><c>keepTtl: true</c> / <c>Expiration.KeepTtl</c>.</summary>
    KeepTtl = 1 << 7,

    /// <summary>The options expression is <c>null</c>.</summary>
    Null = 1 << 8,
}

/// <summary>
/// The result of tracing the expiry of one cache write: which expiration members are set, with their
/// constant values when they fold. <see cref="IsUnknown"/> means the trace stopped (a parameter, a helper
/// call, several assignments): rules never report on unknown facts.
/// </summary>
internal sealed class ExpiryFacts
{
    public static readonly ExpiryFacts Unknown = new() { IsUnknown = true };

    public ExpiryFlags Flags { get; set; }

    public bool IsUnknown { get; set; }

    /// <summary>Relative TTL when it folds to a constant.</summary>
    public TimeSpan? RelativeValue { get; set; }

    /// <summary>Sliding window when it folds to a constant.</summary>
    public TimeSpan? SlidingValue { get; set; }

    /// <summary>Where the traced options were created (for fixes and CACHE003 creation-site reporting).</summary>
    public IOperation? Origin { get; set; }

    public bool Has(ExpiryFlags flag) => (Flags & flag) != 0;

    /// <summary>True when something bounds the lifetime of the entry.</summary>
    public bool HasExpiration => (Flags & (ExpiryFlags.Absolute | ExpiryFlags.Relative | ExpiryFlags.Sliding | ExpiryFlags.Token)) != 0;

    /// <summary>True when an absolute or relative expiration (a cap) is set.</summary>
    public bool HasAbsoluteCap => (Flags & (ExpiryFlags.Absolute | ExpiryFlags.Relative)) != 0;

    public override string ToString() => IsUnknown ? "Unknown" : Flags.ToString();
}
