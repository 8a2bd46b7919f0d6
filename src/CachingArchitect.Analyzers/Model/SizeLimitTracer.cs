using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model;

/// <summary>Proves whether an <c>IMemoryCache</c> instance is size-limited (<c>SizeLimit</c> set where it is created).</summary>
internal static class SizeLimitTracer
{
    /// <summary>True/false when the creation of the cache instance is visible; null when unknown (e.g. injected).</summary>
    public static bool? IsSizeLimited(IOperation? receiver)
    {
        if (receiver is null)
        {
            return null;
        }

        var resolved = ValueTracer.Resolve(receiver);
        if (resolved is IObjectCreationOperation { Type.Name: "MemoryCache" } creation)
        {
            foreach (var argument in creation.Arguments)
            {
                var options = ValueTracer.Resolve(argument.Value);
                if (options is IObjectCreationOperation { Initializer: { } initializer })
                {
                    foreach (var init in initializer.Initializers)
                    {
                        if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SizeLimit" } } assignment &&
                            !assignment.Value.WalkDownConversions().ConstantValue.HasValue | assignment.Value.WalkDownConversions().ConstantValue.Value is not null)
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (options is IObjectCreationOperation)
                {
                    return false;
                }
            }

            return null;
        }

        return null;
    }
}
