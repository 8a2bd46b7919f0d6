using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using CachingArchitect.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CachingArchitect.Generators
{
    /// <summary>
    /// The transform of the pipeline: turns one <c>[CacheKey]</c> method into a <see cref="KeyMethodModel"/>, or null when
    /// the method has a shape the generator cannot implement (not <c>static partial</c>, wrong return type, generic, already
    /// implemented, containing class not a <c>static partial</c> <c>[CacheKeySchema]</c> class, a containing type not
    /// partial). Never throws on broken code: anything unreadable becomes a default (template "", no TTL …) so a
    /// well-shaped method always gets a body and the user sees only the analyzer's diagnostic.
    /// </summary>
    internal static class KeyMethodParser
    {
        internal const string SchemaAttributeName = "CachingArchitect.CacheKeySchemaAttribute";
        internal const string KeyPartAttributeName = "CachingArchitect.CacheKeyPartAttribute";
        internal const int DefaultStringMaxLength = 256;

        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat TypeOfFormat = SymbolDisplayFormat.FullyQualifiedFormat;

        private static readonly SymbolDisplayFormat NameFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

        public static KeyMethodModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method ||
                context.TargetNode is not MethodDeclarationSyntax syntax ||
                !method.IsStatic ||
                !method.IsPartialDefinition ||
                method.PartialImplementationPart is not null ||
                method.Arity != 0 ||
                method.ContainingType is not { TypeKind: TypeKind.Class, IsStatic: true } schemaClass ||
                !HasAccessibilityModifier(syntax))
            {
                // A shape the generator cannot implement (see the class summary). Without an accessibility modifier a
                // non-void partial method is an error of its own (CS8796), so it is left alone too.
                return null;
            }

            var (returnType, valueType) = ReadReturnType(method.ReturnType);
            if (returnType is null)
            {
                return null;
            }

            var schemaAttribute = schemaClass.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == SchemaAttributeName);
            if (schemaAttribute is null)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var types = new List<ContainingType>();
            for (var type = schemaClass; type is not null; type = type.ContainingType)
            {
                var containing = ReadContainingType(type, cancellationToken);
                if (containing is null)
                {
                    return null;
                }

                types.Add(containing);
            }

            types.Reverse();

            var ns = schemaClass.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
            var fullName = schemaClass.ToDisplayString(NameFormat);
            var schema = new SchemaInfo(
                ns,
                types.ToEquatableArray(),
                fullName,
                HintName(schemaClass),
                NamedString(schemaAttribute, "Prefix"),
                NamedInt(schemaAttribute, "Version"));

            var attribute = context.Attributes.Length > 0 ? context.Attributes[0] : null;
            var template = attribute is { ConstructorArguments.Length: > 0 } && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Primitive
                ? attribute.ConstructorArguments[0].Value as string ?? string.Empty
                : string.Empty;

            var parameters = new List<ParameterModel>(method.Parameters.Length);
            foreach (var parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (parameter.Name.Length == 0)
                {
                    // A parameter without a name is a syntax error the user is typing through; nothing to implement yet.
                    return null;
                }

                parameters.Add(ReadParameter(parameter, isExtensionThis: method.IsExtensionMethod && parameter.Ordinal == 0));
            }

            return new KeyMethodModel(
                schema,
                Escape(method.Name),
                method.Name,
                Modifiers(method, syntax),
                returnType,
                valueType,
                parameters.ToEquatableArray(),
                template,
                KeyTemplate.ParseTimeSpanTicks(attribute is null ? null : NamedString(attribute, "Ttl")),
                attribute is null ? 0 : NamedInt(attribute, "JitterPercent"),
                attribute is null ? 0 : NamedInt(attribute, "Strategy"),
                KeyTemplate.ParseTimeSpanTicks(attribute is null ? null : NamedString(attribute, "MaxStaleness")),
                attribute is null ? null : NamedString(attribute, "Justification"));
        }

        private static (string? ReturnType, string? ValueType) ReadReturnType(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { ContainingNamespace: { Name: "CachingArchitect", ContainingNamespace.IsGlobalNamespace: true } } named ||
                named.Name != "CacheKey" ||
                named.ContainingType is not null)
            {
                return (null, null);
            }

            if (named.Arity == 0)
            {
                return (type.ToDisplayString(TypeFormat), null);
            }

            if (named.Arity != 1)
            {
                return (null, null);
            }

            var argument = named.TypeArguments[0];
            var typeOf = argument.TypeKind == TypeKind.Dynamic
                ? "global::System.Object"
                : argument.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeOfFormat);
            if (argument is IPointerTypeSymbol or IFunctionPointerTypeSymbol || argument.IsRefLikeType)
            {
                typeOf = "global::System.Object";
            }

            return (type.ToDisplayString(TypeFormat), typeOf);
        }

        private static ContainingType? ReadContainingType(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var isPartial = false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
                {
                    if (declaration.Modifiers.Any(SyntaxKind.FileKeyword))
                    {
                        // A file-local type cannot get a part in the generated file.
                        return null;
                    }

                    isPartial |= declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
                }
            }

            if (!isPartial)
            {
                return null;
            }

            string keyword;
            if (type.IsRecord)
            {
                keyword = type.TypeKind == TypeKind.Struct ? "record struct" : "record";
            }
            else
            {
                switch (type.TypeKind)
                {
                    case TypeKind.Class:
                        keyword = "class";
                        break;
                    case TypeKind.Struct:
                        keyword = "struct";
                        break;
                    case TypeKind.Interface:
                        keyword = "interface";
                        break;
                    default:
                        return null;
                }
            }

            var modifiers = new StringBuilder();
            if (type.IsStatic)
            {
                modifiers.Append("static ");
            }

            if (type.TypeKind == TypeKind.Struct && type.IsReadOnly)
            {
                modifiers.Append("readonly ");
            }

            if (type.TypeKind == TypeKind.Struct && type.IsRefLikeType)
            {
                modifiers.Append("ref ");
            }

            modifiers.Append("partial ").Append(keyword);

            var name = Escape(type.Name);
            if (type.TypeParameters.Length > 0)
            {
                name += "<" + string.Join(", ", type.TypeParameters.Select(p => Escape(p.Name))) + ">";
            }

            return new ContainingType(modifiers.ToString(), name);
        }

        private static ParameterModel ReadParameter(IParameterSymbol parameter, bool isExtensionThis)
        {
            var type = parameter.Type;
            var declaration = new StringBuilder();
            if (isExtensionThis)
            {
                declaration.Append("this ");
            }

            if (parameter.IsParams)
            {
                declaration.Append("params ");
            }

            switch (parameter.RefKind)
            {
                case RefKind.Ref:
                    declaration.Append("ref ");
                    break;
                case RefKind.Out:
                    declaration.Append("out ");
                    break;
                case RefKind.In:
                    declaration.Append("in ");
                    break;
                default:
                    if ((int)parameter.RefKind == 4)
                    {
                        // RefKind.RefReadOnlyParameter (C# 12), not named in the Roslyn 4.8 API surface we compile against.
                        declaration.Append("ref readonly ");
                    }

                    break;
            }

            var name = Escape(parameter.Name);
            declaration.Append(type.ToDisplayString(TypeFormat)).Append(' ').Append(name);

            var nullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                ? nullable.TypeArguments[0]
                : null;
            var valueType = nullableValue ?? type;
            var kind = Classify(valueType);
            string? underlying = null;
            if (kind == FormatKind.Enum)
            {
                underlying = (valueType as INamedTypeSymbol)?.EnumUnderlyingType?.ToDisplayString(TypeOfFormat);
                if (underlying is null)
                {
                    kind = FormatKind.Other;
                }
            }

            var maxLength = DefaultStringMaxLength;
            if (kind == FormatKind.String)
            {
                foreach (var attribute in parameter.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == KeyPartAttributeName)
                    {
                        var declared = NamedInt(attribute, "MaxLength");
                        if (declared > 0)
                        {
                            maxLength = declared;
                        }
                    }
                }
            }

            return new ParameterModel(
                name,
                parameter.Name,
                declaration.ToString(),
                kind,
                underlying,
                nullableValue is not null,
                nullableValue is null && type.IsValueType,
                parameter.RefKind == RefKind.Out,
                maxLength,
                kind == FormatKind.Formattable && HasPublicFormat(valueType),
                MaxFormattedLength(valueType));
        }

        private static int MaxFormattedLength(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                    return 4;
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                    return 6;
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                    return 11;
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return 20;
                case SpecialType.System_Decimal:
                    return 31;
                case SpecialType.System_Single:
                    return 16;
                case SpecialType.System_Double:
                    return 24;
            }

            return type.Name switch
            {
                "Guid" => 36,
                "TimeSpan" => 26,
                _ => 32,
            };
        }

        private static bool HasPublicFormat(ITypeSymbol type)
        {
            if (type.SpecialType != SpecialType.None)
            {
                return type.SpecialType is not (SpecialType.System_IntPtr or SpecialType.System_UIntPtr);
            }

            return type is INamedTypeSymbol { Name: "Guid" or "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
        }

        private static FormatKind Classify(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return FormatKind.String;
                case SpecialType.System_Boolean:
                    return FormatKind.Boolean;
                case SpecialType.System_Char:
                    return FormatKind.Char;
                case SpecialType.System_DateTime:
                    return FormatKind.RoundTripDate;
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                case SpecialType.System_Decimal:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                    return FormatKind.Formattable;
            }

            if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                return FormatKind.Unsupported;
            }

            if (type.IsRefLikeType)
            {
                return FormatKind.RefStruct;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return FormatKind.Enum;
            }

            if (type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } system)
            {
                switch (system.Name)
                {
                    case "DateOnly":
                        return FormatKind.DateOnly;
                    case "DateTimeOffset":
                        return FormatKind.RoundTripDate;
                }
            }

            if (type.TypeKind == TypeKind.Dynamic)
            {
                return FormatKind.Other;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (contract.Name == "IFormattable" && contract.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                {
                    return FormatKind.Formattable;
                }
            }

            return FormatKind.Other;
        }

        private static string Modifiers(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            var builder = new StringBuilder();
            switch (method.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    builder.Append("public ");
                    break;
                case Accessibility.Internal:
                    builder.Append("internal ");
                    break;
                case Accessibility.Protected:
                    builder.Append("protected ");
                    break;
                case Accessibility.ProtectedOrInternal:
                    builder.Append("protected internal ");
                    break;
                case Accessibility.ProtectedAndInternal:
                    builder.Append("private protected ");
                    break;
                case Accessibility.Private:
                    // "private" only when written: an implicit private extended partial method would be invalid anyway.
                    if (syntax.Modifiers.Any(SyntaxKind.PrivateKeyword))
                    {
                        builder.Append("private ");
                    }

                    break;
            }

            if (syntax.Modifiers.Any(SyntaxKind.NewKeyword))
            {
                builder.Append("new ");
            }

            builder.Append("static ");
            if (syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword))
            {
                builder.Append("unsafe ");
            }

            builder.Append("partial");
            return builder.ToString();
        }

        private static bool HasAccessibilityModifier(MethodDeclarationSyntax syntax)
        {
            foreach (var modifier in syntax.Modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.PublicKeyword:
                    case SyntaxKind.InternalKeyword:
                    case SyntaxKind.ProtectedKeyword:
                    case SyntaxKind.PrivateKeyword:
                        return true;
                }
            }

            return false;
        }

        private static string HintName(INamedTypeSymbol type)
        {
            var builder = new StringBuilder();
            var names = new List<string>();
            for (var current = type; current is not null; current = current.ContainingType)
            {
                names.Add(current.MetadataName);
            }

            names.Reverse();
            if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                builder.Append(ns.ToDisplayString()).Append('.');
            }

            builder.Append(string.Join(".", names));
            foreach (var c in builder.ToString())
            {
                // Keep hint names to safe file-name characters (generic arity ` and any exotic identifier characters).
                if (!(char.IsLetterOrDigit(c) || c == '.' || c == '_'))
                {
                    builder.Replace(c, '_');
                }
            }

            return builder.Append(".CacheKeys.g.cs").ToString();
        }

        internal static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        private static string? NamedString(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Kind == TypedConstantKind.Primitive)
                {
                    return argument.Value.Value as string;
                }
            }

            return null;
        }

        private static int NamedInt(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Kind is TypedConstantKind.Primitive or TypedConstantKind.Enum)
                {
                    switch (argument.Value.Value)
                    {
                        case int value:
                            return value;
                        case null:
                            return 0;
                        default:
                            try
                            {
                                return System.Convert.ToInt32(argument.Value.Value, CultureInfo.InvariantCulture);
                            }
                            catch (System.OverflowException)
                            {
                                return 0;
                            }
                            catch (System.FormatException)
                            {
                                return 0;
                            }
                            catch (System.InvalidCastException)
                            {
                                return 0;
                            }
                    }
                }
            }

            return 0;
        }
    }
}
