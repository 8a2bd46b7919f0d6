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
