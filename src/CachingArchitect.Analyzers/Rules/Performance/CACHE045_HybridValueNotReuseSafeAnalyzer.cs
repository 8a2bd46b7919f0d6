using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Performance;

/// <summary>
/// CACHE045 — <c>HybridCache.GetOrCreateAsync&lt;T&gt;</c>/<c>SetAsync&lt;T&gt;</c> with a source type <c>T</c> that is immutable in practice
/// but that HybridCache will not reuse: a class or record that is not both <c>sealed</c> and <c>[ImmutableObject(true)]</c>, or a
/// <c>readonly struct</c> with reference-type fields and no <c>[ImmutableObject(true)]</c> (HybridCache's <c>ImmutableTypeCache</c>:
/// <c>string</c> and blittable structs are always reused, other structs need only the attribute, classes need both).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HybridValueNotReuseSafeAnalyzer : CacheAnalyzer
{
    /// <summary>Diagnostic property: the fix adds <c>sealed</c> (classes only).</summary>
    public const string NeedsSealedProperty = "NeedsSealed";

    /// <summary>Diagnostic property: the fix adds <c>[ImmutableObject(true)]</c>.</summary>
    public const string NeedsAttributeProperty = "NeedsAttribute";

    private const int MaxDepth = 4;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE045);

    internal override bool IsApplicable(CacheSymbols symbols) => symbols.HybridCache is not null;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols) =>
        RegisterCacheOperationAction(context, symbols, static (ctx, operation) => Analyze(ctx, operation));

    private static void Analyze(OperationAnalysisContext context, CacheOperation operation)
    {
        if (operation.Technology != CacheTechnology.HybridCache || operation.Name is not ("GetOrCreate" or "Set"))
        {
            return;
        }

        var type = GetValueType(operation.Invocation.TargetMethod);
        if (type is null || type.DeclaringSyntaxReferences.Length == 0 || type.IsImplicitlyDeclared)
        {
            return;
        }

        var hasAttribute = HasImmutableObjectAttribute(type, out var explicitlyMutable);
        if (explicitlyMutable)
        {
            return;
        }

        bool needsSealed, needsAttribute;
        if (type.TypeKind == TypeKind.Class)
        {
            if (type.IsAbstract || type.IsStatic || (type.IsSealed && hasAttribute) || !IsImmutableClass(type, 0))
            {
                return;
            }

            needsSealed = !type.IsSealed;
            needsAttribute = !hasAttribute;
        }
        else if (type.TypeKind == TypeKind.Struct)
        {
            if (!type.IsReadOnly || hasAttribute || !HasReferenceFields(type, 0) || !IsImmutableMembers(type, 0))
            {
                return;
            }

            needsSealed = false;
            needsAttribute = true;
        }
        else
        {
            return;
        }

        var missing = needsSealed && needsAttribute ? "neither sealed nor marked [ImmutableObject(true)]"
            : needsSealed ? "not sealed" : "not marked [ImmutableObject(true)]";
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (needsSealed)
        {
            properties[NeedsSealedProperty] = "true";
        }

        if (needsAttribute)
        {
            properties[NeedsAttributeProperty] = "true";
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CACHE045,
            CodeContext.GetNameLocation(operation.Invocation),
            properties.ToImmutable(),
            $"'{type.Name}' is immutable but {missing}: HybridCache deserializes a new instance on every hit instead of reusing the cached one; " +
            (type.TypeKind == TypeKind.Struct ? "mark it [ImmutableObject(true)]" : "make it sealed and mark it [ImmutableObject(true)]")));
    }

    /// <summary>The <c>T</c> of <c>GetOrCreateAsync&lt;T&gt;</c>, <c>GetOrCreateAsync&lt;TState, T&gt;</c> or <c>SetAsync&lt;T&gt;</c>.</summary>
    internal static INamedTypeSymbol? GetValueType(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        for (var i = 0; i < definition.TypeParameters.Length && i < method.TypeArguments.Length; i++)
        {
            if (definition.TypeParameters[i].Name == "T")
            {
                return method.TypeArguments[i] as INamedTypeSymbol;
            }
        }

        return null;
    }

    private static bool HasImmutableObjectAttribute(INamedTypeSymbol type, out bool explicitlyMutable)
    {
        explicitlyMutable = false;
        foreach (var attribute in type.GetAttributes())
        {
            if (!SymbolNames.Is(attribute.AttributeClass, "System.ComponentModel", "ImmutableObjectAttribute"))
            {
                continue;
            }

            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is bool value)
            {
                explicitlyMutable = !value;
                return value;
            }
        }

        return false;
    }

    /// <summary>A class whose own and inherited (source) members are all immutable; base types from metadata other than <c>object</c> are unknown.</summary>
    private static bool IsImmutableClass(INamedTypeSymbol type, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var baseType = type.BaseType;
        if (baseType is not null && baseType.SpecialType != SpecialType.System_Object)
        {
            if (baseType.DeclaringSyntaxReferences.Length == 0 || !IsImmutableClass(baseType, depth + 1))
            {
                return false;
            }
        }

        return IsImmutableMembers(type, depth);
    }

    /// <summary>
    /// All instance fields are readonly, all instance properties have no setter or an <c>init</c> one, and no member type is a
    /// mutable collection (arrays, <c>List&lt;T&gt;</c>, <c>Dictionary</c>…; <c>IReadOnly*</c>, <c>Immutable*</c> and <c>IEnumerable&lt;T&gt;</c> are fine).
    /// </summary>
    private static bool IsImmutableMembers(INamedTypeSymbol type, int depth)
    {
        var sawMember = false;
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic)
            {
                continue;
            }

            switch (member)
            {
                case IFieldSymbol { IsImplicitlyDeclared: true }:
                    // Auto-property backing fields: judged through their property.
                    break;
                case IFieldSymbol field:
                    if (!field.IsReadOnly && !field.IsConst)
                    {
                        return false;
                    }

                    if (!IsImmutableMemberType(field.Type, depth))
                    {
                        return false;
                    }

                    sawMember = true;
                    break;
                case IPropertySymbol property when !property.IsIndexer:
                    if (property.SetMethod is { IsInitOnly: false })
                    {
                        return false;
                    }

                    // Computed properties (no backing field) do not hold state; their type still should not expose a mutable collection.
                    if (!IsImmutableMemberType(property.Type, depth))
                    {
                        return false;
                    }

                    sawMember = true;
                    break;
            }
        }

        return sawMember;
    }

    private static bool IsImmutableMemberType(ITypeSymbol type, int depth)
    {
        if (type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is IArrayTypeSymbol)
        {
            return false;
        }

        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        if (named.IsValueType)
        {
            // Primitives and BCL structs (DateTime, Guid, decimal…) are values; source structs must be readonly.
            return named.DeclaringSyntaxReferences.Length == 0 || named.IsReadOnly;
        }

        var ns = named.ContainingNamespace?.ToDisplayString();
        if (ns == "System.Collections.Immutable")
        {
            return true;
        }

        if (ns is "System.Collections.Generic" or "System.Collections" or "System.Collections.ObjectModel" or "System.Collections.Concurrent")
        {
            return named.Name.StartsWith("IReadOnly", System.StringComparison.Ordinal) || named.Name is "IEnumerable" or "ReadOnlyCollection" or "ReadOnlyDictionary";
        }

        if (named.DeclaringSyntaxReferences.Length > 0)
        {
            // A nested source type: immutable itself.
            return named.TypeKind == TypeKind.Class ? IsImmutableClass(named, depth + 1) : named.TypeKind == TypeKind.Struct && named.IsReadOnly;
        }

        // Other metadata reference types (Uri, Version, records of other libraries): immutable well-known BCL types only.
        return ns == "System" && named.Name is "Uri" or "Version" or "Type";
    }

    /// <summary>True when the struct (or a nested struct field) holds a reference-type field: not blittable, so not reused without the attribute.</summary>
    private static bool HasReferenceFields(INamedTypeSymbol type, int depth)
    {
        if (depth > MaxDepth)
        {
            return true;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false } field)
            {
                continue;
            }

            if (field.Type.IsReferenceType || field.Type is ITypeParameterSymbol)
            {
                return true;
            }

            if (field.Type is INamedTypeSymbol { IsValueType: true, SpecialType: SpecialType.None, TypeKind: TypeKind.Struct } nested &&
                !SymbolEqualityComparer.Default.Equals(nested, type) && HasReferenceFields(nested, depth + 1))
            {
                return true;
            }
        }

        return false;
    }
}
