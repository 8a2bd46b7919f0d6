using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using CachingArchitect.Analyzers.Infrastructure;
using CachingArchitect.Analyzers.Model;
using CachingArchitect.Analyzers.Model.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Rules.Expiration;

/// <summary>
/// CACHE008 — Static/singleton dictionary used as an unbounded cache. Whole-compilation rule: uses of every
/// <c>Dictionary&lt;,&gt;</c>/<c>ConcurrentDictionary&lt;,&gt;</c>/<c>Hashtable</c> field (writes, removals, reads) and
/// <c>AddSingleton</c> registrations are collected during the compilation and judged at its end.
/// Gated like every rule on a caching library being referenced, which in practice includes every ASP.NET Core
/// project (the shared framework carries Microsoft.Extensions.Caching.Memory and ResponseCaching).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedDictionaryCacheAnalyzer : CacheAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules(Descriptors.CACHE008);

    internal override bool IsApplicable(CacheSymbols symbols) => true;

    internal override void OnCompilationStart(CompilationStartAnalysisContext context, CacheSymbols symbols)
    {
        var compilation = context.Compilation;
        var dictionaryTypes = new List<INamedTypeSymbol>();
        foreach (var name in new[] { "System.Collections.Generic.Dictionary`2", "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Hashtable" })
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                dictionaryTypes.Add(type);
            }
        }

        if (dictionaryTypes.Count == 0)
        {
            return;
        }

        var state = new State(dictionaryTypes.ToImmutableArray(), compilation.GetTypeByMetadataName("System.Reflection.MemberInfo"));
        context.RegisterOperationAction(state.OnFieldReference, OperationKind.FieldReference);
        context.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
        context.RegisterCompilationEndAction(state.OnCompilationEnd);
    }

    private sealed class FieldFacts
    {
        public readonly List<Write> Writes = new();
        public readonly HashSet<ISymbol> MethodsThatRead = new(SymbolEqualityComparer.Default);
        public bool HasRemovalPath;
    }

    private sealed class Write
    {
        public Write(Location location, ISymbol? method, bool isFactory, bool isUnboundedKey, string? taint)
        {
            Location = location;
            Method = method;
            IsFactory = isFactory;
            IsUnboundedKey = isUnboundedKey;
            Taint = taint;
        }

        public Location Location { get; }

        public ISymbol? Method { get; }

        public bool IsFactory { get; }

        public bool IsUnboundedKey { get; }

        public string? Taint { get; }
    }

    private sealed class State
    {
        private readonly ImmutableArray<INamedTypeSymbol> _dictionaryTypes;
        private readonly INamedTypeSymbol? _memberInfo;
        private readonly ConcurrentDictionary<IFieldSymbol, FieldFacts> _fields = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _singletons = new(SymbolEqualityComparer.Default);

        public State(ImmutableArray<INamedTypeSymbol> dictionaryTypes, INamedTypeSymbol? memberInfo)
        {
            _dictionaryTypes = dictionaryTypes;
            _memberInfo = memberInfo;
        }

        public void OnFieldReference(OperationAnalysisContext context)
        {
            var reference = (IFieldReferenceOperation)context.Operation;
            var field = reference.Field.OriginalDefinition;
            if (!IsDictionary(field.Type) || field.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            {
                return;
            }

            var facts = _fields.GetOrAdd(field, static _ => new FieldFacts());
            IOperation current = reference;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            var inInitialization = IsInitializationCode(context.ContainingSymbol, field);
            switch (current.Parent)
            {
                case IInvocationOperation call when call.Instance == current:
                    OnCall(context, facts, call, field, inInitialization);
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == current:
                    if (indexer.Parent is ISimpleAssignmentOperation indexerAssignment && indexerAssignment.Target == indexer && indexer.Arguments.Length == 1 && !inInitialization)
                    {
                        AddWrite(context, facts, field, indexer.Arguments[0].Value, isFactory: false, indexer.Syntax.GetLocation());
                    }

                    break;
                case IPropertyReferenceOperation or IMemberReferenceOperation:
                    // Count, Keys, Values, IsEmpty: reading changes nothing.
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    if (!inInitialization)
                    {
                        Mark(facts); // reassignment (a new, empty dictionary) is a removal path
                    }

                    break;
                case IForEachLoopOperation or ILockOperation:
                    break;
                default:
                    // Passed to a method, aliased into a local, captured by ref: anything may prune it.
                    Mark(facts);
                    break;
            }
        }

        private void OnCall(OperationAnalysisContext context, FieldFacts facts, IInvocationOperation call, IFieldSymbol field, bool inInitialization)
        {
            switch (call.TargetMethod.Name)
            {
                case "Remove" or "TryRemove" or "Clear" or "TryUpdate":
                    Mark(facts);
                    break;
                case "TryGetValue" or "ContainsKey" or "Contains":
                    if (context.ContainingSymbol is { } method)
                    {
                        lock (facts)
                        {
                            facts.MethodsThatRead.Add(method);
                        }
                    }

                    break;
                case "GetOrAdd" or "AddOrUpdate" or "TryAdd" or "Add" when !inInitialization && call.Arguments.Length >= 2:
                    var key = call.GetArgument("key") ?? call.Arguments[0];
                    var isFactory = call.TargetMethod.Name == "GetOrAdd" && HasDelegateArgument(call);
                    AddWrite(context, facts, field, key.Value, isFactory, call.Syntax.GetLocation());
                    break;
            }
        }

        private void AddWrite(OperationAnalysisContext context, FieldFacts facts, IFieldSymbol field, IOperation key, bool isFactory, Location location)
        {
            var keyType = field.Type is INamedTypeSymbol { TypeArguments.Length: 2 } generic ? generic.TypeArguments[0] : null;
            var unbounded = IsUnboundedKey(key, keyType);
            var write = new Write(location, context.ContainingSymbol, isFactory, unbounded, unbounded ? FindTaintSource(context.Options, key) : null);
            lock (facts)
            {
                facts.Writes.Add(write);
            }
        }

        /// <summary>
        /// The request input the key comes from (shared <see cref="TaintAnalysis"/>, honouring sanitizers and
        /// <c>caching_architect.taint_sources</c>), described for the message, or null when the key is not raw input.
        /// </summary>
        private static string? FindTaintSource(AnalyzerOptions options, IOperation key)
        {
            var sources = CachingArchitectOptions.GetList(options, key.Syntax.SyntaxTree, CachingArchitectOptions.TaintSourcesKey);
            var taint = TaintAnalysis.Analyze(key, sources);
            if (taint.Kind != TaintKind.Input)
            {
                return null;
            }

            return taint.Source switch
            {
                IParameterReferenceOperation parameter => "parameter '" + parameter.Parameter.Name + "'",
                IPropertyReferenceOperation { Property: { ContainingType.Name: "HttpRequest" } property } => "Request." + property.Name,
                _ => taint.Reason ?? "request input",
            };
        }

        private static void Mark(FieldFacts facts)
        {
            lock (facts)
            {
                facts.HasRemovalPath = true;
            }
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name is not ("AddSingleton" or "TryAddSingleton" or "AddHostedService") ||
                method.ContainingNamespace?.ToDisplayString() is not ("Microsoft.Extensions.DependencyInjection" or "Microsoft.Extensions.DependencyInjection.Extensions"))
            {
                return;
            }

            if (method.TypeArguments.Length > 0)
            {
                _singletons.TryAdd(method.TypeArguments[method.TypeArguments.Length - 1].OriginalDefinition, true);
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (value is ITypeOfOperation typeOf)
                {
                    _singletons.TryAdd(typeOf.TypeOperand.OriginalDefinition, true);
                }
                else if (value is IObjectCreationOperation { Type: { } created })
                {
                    _singletons.TryAdd(created.OriginalDefinition, true);
                }
            }
        }

        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            foreach (var pair in _fields)
            {
                var field = pair.Key;
                var facts = pair.Value;
                if (facts.HasRemovalPath || facts.Writes.Count == 0)
                {
                    continue;
                }

                if (!field.IsStatic && !_singletons.ContainsKey(field.ContainingType.OriginalDefinition))
                {
                    continue;
                }

                Write? memo = null;
                foreach (var write in facts.Writes)
                {
                    if (!write.IsUnboundedKey || !(write.IsFactory || (write.Method is not null && facts.MethodsThatRead.Contains(write.Method))))
                    {
                        continue;
                    }

                    if (memo is null || (memo.Taint is null && write.Taint is not null))
                    {
                        memo = write;
                    }
                }

                if (memo is null || field.Locations.Length == 0)
                {
                    continue;
                }

                var holder = field.IsStatic ? "Static field" : "Field of singleton " + field.ContainingType.Name + ",";
                var message = $"{holder} '{field.Name}' is used as a cache: it memoizes values under keys of an unbounded domain and nothing in the compilation ever removes them";
                message += memo.Taint is not null
                    ? $"; the keys come from request input ({memo.Taint}), so any caller can grow it until the process runs out of memory"
                    : "; use IMemoryCache with SizeLimit and a TTL, or a bounded LRU";

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CACHE008,
                    field.Locations[0],
                    memo.Taint is not null ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                    new[] { memo.Location },
                    properties: null,
                    message));
            }
        }

        private bool IsDictionary(ITypeSymbol type)
        {
            var original = type.OriginalDefinition;
            foreach (var candidate in _dictionaryTypes)
            {
                if (SymbolEqualityComparer.Default.Equals(original, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Unbounded key domains: strings, GUIDs, integer ids and tuples of those; never constants, switches over constants or reflection-derived keys.</summary>
        private bool IsUnboundedKey(IOperation key, ITypeSymbol? declaredKeyType)
        {
            var op = key.WalkDownConversions();
            if (op.ConstantValue.HasValue || op is ISwitchExpressionOperation)
            {
                return false;
            }

            if (IsReflectionDerived(op))
            {
                return false;
            }

            var type = declaredKeyType is null || declaredKeyType.SpecialType == SpecialType.System_Object ? op.Type : declaredKeyType;
            return IsUnboundedType(type, 0);
        }

        private static bool IsUnboundedType(ITypeSymbol? type, int depth)
        {
            if (type is null || depth > 3)
            {
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt32:
                case SpecialType.System_UInt64:
                    return true;
            }

            if (type is { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }

            if (type is INamedTypeSymbol { IsTupleType: true } tuple)
            {
                var any = false;
                foreach (var element in tuple.TupleElements)
                {
                    if (IsUnboundedType(element.Type, depth + 1))
                    {
                        any = true;
                    }
                    else if (!IsBoundedType(element.Type))
                    {
                        return false;
                    }
                }

                return any;
            }

            return false;
        }

        private static bool IsBoundedType(ITypeSymbol type) =>
            type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_Char;

        private bool IsReflectionDerived(IOperation key)
        {
            if (Derived(key))
            {
                return true;
            }

            foreach (var descendant in key.Descendants())
            {
                if (Derived(descendant))
                {
                    return true;
                }
            }

            return false;

            bool Derived(IOperation op) => op switch
            {
                ITypeOfOperation => true,
                IInvocationOperation { TargetMethod.Name: "GetType", Arguments.Length: 0 } => true,
                IPropertyReferenceOperation { Instance.Type: { } owner } => IsReflectionType(owner),
                _ => false,
            };
        }

        private bool IsReflectionType(ITypeSymbol type)
        {
            if (type is { Name: "Type", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }

            return _memberInfo is not null && CacheSymbols.IsOrImplements(type, _memberInfo);
        }

        private static bool HasDelegateArgument(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind == TypeKind.Delegate)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Static constructors, constructors and field initializers fill lookup tables; they are not cache writes.</summary>
        private static bool IsInitializationCode(ISymbol? containing, IFieldSymbol field)
        {
            if (containing is IFieldSymbol or IPropertySymbol)
            {
                return true;
            }

            return containing is IMethodSymbol { MethodKind: MethodKind.StaticConstructor or MethodKind.Constructor } method &&
                   SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, field.ContainingType.OriginalDefinition);
        }
    }
}
