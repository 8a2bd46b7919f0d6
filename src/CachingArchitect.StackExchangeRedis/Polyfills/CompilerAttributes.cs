// netstandard2.0 lacks the nullable-analysis attributes; the compiler recognizes these internal copies by name.
namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>The output may be null when the method returns <see cref="ReturnValue"/>.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    internal sealed class MaybeNullWhenAttribute : Attribute
    {
        public MaybeNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

        public bool ReturnValue { get; }
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// C# 13 overload-resolution priority (public in .NET 9+); the compiler reads it by name from metadata. Used so that the
    /// <c>CacheKey&lt;T&gt;</c> overloads win over the untyped <c>CacheKey</c> ones when both apply (e.g. <c>db.Set(priceKey, 5)</c>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    internal sealed class OverloadResolutionPriorityAttribute : Attribute
    {
        public OverloadResolutionPriorityAttribute(int priority) => Priority = priority;

        public int Priority { get; }
    }
}
