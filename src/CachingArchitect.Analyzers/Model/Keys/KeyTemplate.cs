using System.Collections.Immutable;
using System.Text;

namespace CachingArchitect.Analyzers.Model.Keys;

/// <summary>
/// A decomposed key expression: its constant and dynamic segments in order (adjacent constants merged),
/// plus the derived facts every key rule and the build report read (catalog §6.3).
/// </summary>
internal sealed class KeyTemplate
{
    public static readonly KeyTemplate Empty = new(ImmutableArray<KeySegment>.Empty, isComplete: false);

    public KeyTemplate(ImmutableArray<KeySegment> segments, bool isComplete)
    {
        Segments = segments;
        IsComplete = isComplete;

        var rendered = new StringBuilder();
        var leading = new StringBuilder();
        var constant = new StringBuilder();
        var inLeading = true;
        var allConstant = !segments.IsDefault && (segments.Length > 0 || isComplete);
        int? max = 0;
        foreach (var segment in segments)
        {
            rendered.Append(segment.Placeholder);
            if (segment.IsConstant)
            {
                constant.Append(segment.Text);
                if (inLeading)
                {
                    leading.Append(segment.Text);
                }

                max += segment.Text!.Length;
            }
            else
            {
                inLeading = false;
                allConstant = false;
                max = segment.MaxLength is { } m && max is not null ? max + m : null;
                HasVolatile |= segment.Kind == KeySegmentKind.Volatile;
                HasExternalInput |= segment.Kind == KeySegmentKind.ExternalInput;
                HasUnknown |= segment.Kind == KeySegmentKind.Unknown;
            }
        }

        Rendered = rendered.ToString();
        LeadingConstant = leading.ToString();
        ConstantValue = allConstant ? constant.ToString() : null;
        MaxLength = max;
    }

    public ImmutableArray<KeySegment> Segments { get; }

    /// <summary>False when decomposition hit a depth or size guard and part of the key is summarized as <c>{?}</c>.</summary>
    public bool IsComplete { get; }

    /// <summary>The rendered template, e.g. <c>user:{int}:profile</c>, <c>search:{string:input!}</c>, <c>{time!}</c>.</summary>
    public string Rendered { get; }

    /// <summary>The constant text before the first dynamic segment (empty when the key starts with a hole).</summary>
    public string LeadingConstant { get; }

    /// <summary>The full key when it is constant-evaluable, else null.</summary>
    public string? ConstantValue { get; }

    public bool IsConstant => ConstantValue is not null;

    /// <summary>The maximum rendered length when every dynamic segment has a known maximum, else null.</summary>
    public int? MaxLength { get; }

    public bool HasVolatile { get; }

    public bool HasExternalInput { get; }

    public bool HasUnknown { get; }

    /// <summary>True when the key is a single dynamic segment (<c>cache.Set(id, …)</c>).</summary>
    public bool IsBareValue => Segments.Length == 1 && !Segments[0].IsConstant;

    public override string ToString() => Rendered;
}
