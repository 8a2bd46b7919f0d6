using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CachingArchitect.Analyzers.Model.Keys;

/// <summary>
/// Decomposes a key expression into constant and dynamic <see cref="KeySegment"/>s (catalog §5.2, §6.3): interpolated strings
/// (with alignment and format), string <c>+</c>, <c>string.Concat/Format/Join</c>, <c>StringBuilder.Append</c> chains (fluent or on
/// a local), <c>ToString()</c>, <c>RedisKey.Append/Prepend</c>, implicit string → RedisKey/object conversions, locals with a single
/// assignment and const/readonly fields. Each dynamic segment is classified by <see cref="VolatilityAnalysis"/>,
/// <see cref="TaintAnalysis"/> and its type. Depth and size are guarded; erroneous code yields <c>{?}</c> segments.
/// </summary>
internal sealed class KeyDecomposer
{
    /// <summary>Maximum nesting followed (locals, nested interpolations, operands).</summary>
    public const int MaxDepth = 16;

    /// <summary>Maximum number of segments kept; the rest is summarized as one <c>{?}</c>.</summary>
    public const int MaxSegments = 64;

    private static readonly ConditionalWeakTable<IOperation, KeyTemplate> Cache = new();

    private readonly List<KeySegment> _segments = new();
    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);
    private readonly ImmutableArray<string> _taintSources;
    private bool _complete = true;

    private KeyDecomposer(ImmutableArray<string> taintSources)
    {
        _taintSources = taintSources.IsDefault ? ImmutableArray<string>.Empty : taintSources;
    }

    /// <summary>Decomposes <paramref name="key"/>. <paramref name="taintSources"/> are extra <c>caching_architect.taint_sources</c>.</summary>
    public static KeyTemplate Decompose(IOperation? key, ImmutableArray<string> taintSources = default)
    {
        if (key is null)
        {
            return KeyTemplate.Empty;
        }

        if (taintSources.IsDefaultOrEmpty && Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var decomposer = new KeyDecomposer(taintSources);
        decomposer.Add(key, 0, null, editable: true);
        var template = new KeyTemplate(decomposer.Finish(), decomposer._complete);
        if (taintSources.IsDefaultOrEmpty)
        {
            return Cache.GetValue(key, _ => template);
        }

        return template;
    }

    /// <summary>The single-key expressions of <paramref name="operation"/>: its key, or the elements of a literal key array.</summary>
    public static IEnumerable<IOperation> GetKeyExpressions(CacheOperation operation)
    {
        if (operation.Key is not { } key)
        {
            yield break;
        }

        if (!operation.IsMultiKey && key.Type is not IArrayTypeSymbol)
        {
            yield return key;
            yield break;
        }

        if (key is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                yield return element.WalkDownConversions();
            }
        }
    }

    /// <summary>The tag expressions of a HybridCache/FusionCache write (elements of a literal tag array).</summary>
    public static IEnumerable<IOperation> GetTagExpressions(CacheOperation operation)
    {
        if (operation.TagsArgument is not { } tags || !tags.IsExplicit())
        {
            yield break;
        }

        if (tags.Value.WalkDownConversions() is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                yield return element.WalkDownConversions();
            }
        }
    }

    private ImmutableArray<KeySegment> Finish()
    {
        var builder = ImmutableArray.CreateBuilder<KeySegment>(_segments.Count);
        for (var i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            if (!segment.IsConstant)
            {
                builder.Add(segment);
                continue;
            }

            var text = segment.Text ?? string.Empty;
            var first = segment;
            var last = segment;
            while (i + 1 < _segments.Count && _segments[i + 1].IsConstant)
            {
                i++;
                last = _segments[i];
                text += last.Text;
            }

            if (text.Length == 0)
            {
                continue;
            }

            if (ReferenceEquals(first, last))
            {
                builder.Add(segment);
            }
            else
            {
                builder.Add(new KeySegment(KeySegmentKind.Constant, KeyValueShape.None, text, text, first.Operation)
                {
                    InsertBefore = first.InsertBefore,
                    LiteralEnd = last.LiteralEnd,
                    MaxLength = text.Length,
                    IsFixedWidth = true,
                });
            }
        }

        return builder.ToImmutable();
    }

    private void Add(IOperation operation, int depth, KeyInsertionPoint? join, bool editable)
    {
        var start = _segments.Count;
        AddCore(operation, depth, editable);
        if (join is { } point && editable && _segments.Count > start)
        {
            var first = _segments[start];
            if (first.InsertBefore is not { } existing || existing.Tree != operation.Syntax.SyntaxTree || !operation.Syntax.Span.Contains(existing.Position))
            {
                first.InsertBefore = point;
            }
        }
    }

    private void AddCore(IOperation operation, int depth, bool editable)
    {
        if (depth > MaxDepth || _segments.Count >= MaxSegments)
        {
            _complete = false;
            AddUnknown(operation);
            return;
        }

        var op = operation.WalkDownConversions();
        if (op.ConstantValue.HasValue)
        {
            AddConstant(op, editable);
            return;
        }

        switch (op)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation text:
                            AddText(text.Text.ConstantValue.Value as string ?? string.Empty, text);
                            break;
                        case IInterpolationOperation hole:
                            AddHole(hole, depth, editable);
                            break;
                        case IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation append } appendPart:
                            AddAppend(appendPart, append, depth, editable);
                            break;
                        default:
                            AddUnknown(part);
                            break;
                    }
                }

                return;
            case IInterpolatedStringHandlerCreationOperation handler:
                // HybridCache and others take `ref DefaultInterpolatedStringHandler key`: the content is the interpolated string.
                AddCore(handler.Content, depth + 1, editable);
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                Add(binary.LeftOperand, depth + 1, null, editable);
                Add(binary.RightOperand, depth + 1, Point(binary.RightOperand, KeyInsertionStyle.BinaryOperand), editable);
                return;
            case IInvocationOperation invocation when TryInvocation(invocation, depth, editable):
                return;
            case ILocalReferenceOperation local when IsComposable(local.Type):
                var assigned = ValueTracer.GetSingleAssignment(local.Local, local);
                if (assigned is not null && IsComposition(assigned, 0) && _visiting.Add(local.Local))
                {
                    Add(assigned, depth + 1, null, editable);
                    _visiting.Remove(local.Local);
                    return;
                }

                break;
            case IFieldReferenceOperation { Field: { } field } when (field.IsConst || field.IsReadOnly) && IsComposable(field.Type):
                var initializer = ValueTracer.GetFieldInitializer(field, op.SemanticModel);
                if (initializer is not null && IsComposition(initializer, 0) && _visiting.Add(field))
                {
                    Add(initializer, depth + 1, null, editable: false);
                    _visiting.Remove(field);
                    return;
                }

                break;
        }

        AddValue(operation, null, aligned: false);
    }

    private void AddHole(IInterpolationOperation hole, int depth, bool editable)
    {
        var format = hole.FormatString?.ConstantValue.Value as string;
        var aligned = hole.Alignment is not null;
        var expression = hole.Expression;
        var start = _segments.Count;
        if (format is null && !aligned && IsComposable(expression.WalkDownConversions().Type) && IsComposition(expression, 0))
        {
            AddCore(expression, depth + 1, editable);
        }
        else
        {
            AddValue(expression, format, aligned);
        }

        if (editable && _segments.Count > start && _segments[start].InsertBefore is null)
        {
            _segments[start].InsertBefore = new KeyInsertionPoint(hole.Syntax.SyntaxTree, hole.Syntax.SpanStart, KeyInsertionStyle.InsideString);
        }
    }

    /// <summary>A part of an interpolated string lowered to a handler: <c>AppendLiteral("…")</c> or <c>AppendFormatted(value[, alignment][, format])</c>.</summary>
    private void AddAppend(IInterpolatedStringAppendOperation part, IInvocationOperation append, int depth, bool editable)
    {
        if (part.Kind == OperationKind.InterpolatedStringAppendLiteral)
        {
            var literal = append.Arguments.Length > 0 ? append.Arguments[0].Value.ConstantValue.Value as string : null;
            AddText(literal ?? string.Empty, part);
            return;
        }

        var value = append.GetArgument("value")?.Value;
        if (value is null)
        {
            AddUnknown(part);
            return;
        }

        var format = append.GetArgument("format")?.Value.ConstantValue.Value as string;
        var aligned = append.GetArgument("alignment") is { ArgumentKind: not ArgumentKind.DefaultValue };
        var start = _segments.Count;
        if (format is null && !aligned && IsComposable(value.WalkDownConversions().Type) && IsComposition(value, 0))
        {
            AddCore(value, depth + 1, editable);
        }
        else
        {
            AddValue(value, format, aligned);
        }

        if (editable && _segments.Count > start && _segments[start].InsertBefore is null)
        {
            _segments[start].InsertBefore = new KeyInsertionPoint(part.Syntax.SyntaxTree, part.Syntax.SpanStart, KeyInsertionStyle.InsideString);
        }
    }

    private bool TryInvocation(IInvocationOperation invocation, int depth, bool editable)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_String && method.IsStatic)
        {
            return method.Name switch
            {
                "Concat" => Concat(invocation, depth, editable),
                "Format" => Format(invocation, depth),
                "Join" => Join(invocation, depth),
                _ => false,
            };
        }

        if (method.Name == "ToString" && invocation.Instance is { } instance && !method.IsStatic)
        {
            var instanceType = instance.WalkDownConversions().Type;
            if (IsStringBuilder(instanceType))
            {
                if (invocation.Arguments.Length != 0)
                {
                    return false;
                }

                StringBuilder(instance, depth + 1);
                return true;
            }

            if (instanceType?.SpecialType == SpecialType.System_String)
            {
                Add(instance, depth + 1, null, editable);
                return true;
            }

            var format = invocation.GetArgument("format")?.Value.ConstantValue.Value as string;
            AddValue(instance, format, aligned: false, wholeValue: invocation);
            return true;
        }

        if (SymbolNames.Is(type, "StackExchange.Redis", "RedisKey") && invocation.Instance is { } key && invocation.Arguments.Length == 1)
        {
            var argument = invocation.Arguments[0].Value;
            switch (method.Name)
            {
                case "Append":
                    Add(key, depth + 1, null, editable: false);
                    Add(argument, depth + 1, null, editable: false);
                    return true;
                case "Prepend":
                    Add(argument, depth + 1, null, editable: false);
                    Add(key, depth + 1, null, editable: false);
                    return true;
            }
        }

        return false;
    }

    private bool Concat(IInvocationOperation invocation, int depth, bool editable)
    {
        var values = new List<IOperation>();
        foreach (var argument in invocation.Arguments)
        {
            if (IsParams(argument))
            {
                if (!TryGetParamsElements(argument, values))
                {
                    return false;
                }
            }
            else if (argument.Parameter?.Type is IArrayTypeSymbol or INamedTypeSymbol { IsGenericType: true })
            {
                return false;
            }
            else
            {
                values.Add(argument.Value);
            }
        }

        for (var i = 0; i < values.Count; i++)
        {
            Add(values[i], depth + 1, i == 0 ? null : Point(values[i], KeyInsertionStyle.Argument), editable);
        }

        return true;
    }

    private bool Format(IInvocationOperation invocation, int depth)
    {
        if (invocation.GetArgument("format")?.Value.ConstantValue.Value is not string format)
        {
            return false;
        }

        var args = new List<IOperation>();
        foreach (var argument in invocation.Arguments)
        {
            var name = argument.Parameter?.Name;
            if (name is "format" or "provider")
            {
                continue;
            }

            if (IsParams(argument) || name == "args")
            {
                if (!TryGetParamsElements(argument, args))
                {
                    return false;
                }
            }
            else
            {
                args.Add(argument.Value);
            }
        }

        var text = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                text.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                text.Append('}');
                i++;
                continue;
            }

            if (c != '{')
            {
                text.Append(c);
                continue;
            }

            var close = format.IndexOf('}', i + 1);
            if (close < 0)
            {
                return false;
            }

            var item = format.Substring(i + 1, close - i - 1);
            i = close;
            var colon = item.IndexOf(':');
            var itemFormat = colon >= 0 ? item.Substring(colon + 1) : null;
            var head = colon >= 0 ? item.Substring(0, colon) : item;
            var comma = head.IndexOf(',');
            var aligned = comma >= 0;
            if (!int.TryParse(aligned ? head.Substring(0, comma) : head, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= args.Count)
            {
                return false;
            }

            if (text.Length > 0)
            {
                AddText(text.ToString(), null);
                text.Clear();
            }

            var value = args[index];
            if (itemFormat is null && !aligned && IsComposable(value.WalkDownConversions().Type) && IsComposition(value, 0))
            {
                AddCore(value, depth + 1, editable: false);
            }
            else
            {
                AddValue(value, itemFormat, aligned);
            }
        }

        if (text.Length > 0)
        {
            AddText(text.ToString(), null);
        }

        return true;
    }

    private bool Join(IInvocationOperation invocation, int depth)
    {
        var separatorArgument = invocation.GetArgument("separator");
        var separator = separatorArgument?.Value.WalkDownConversions().ConstantValue;
        if (separatorArgument is null || separator is not { HasValue: true })
        {
            return false;
        }

        var separatorText = Convert.ToString(separator.Value.Value, CultureInfo.InvariantCulture) ?? string.Empty;
        var values = invocation.GetArgument("value") ?? invocation.GetArgument("values");
        if (values is null)
        {
            return false;
        }

        var elements = new List<IOperation>();
        if (IsParams(values) && TryGetParamsElements(values, elements))
        {
            var first = true;
            foreach (var element in elements)
            {
                if (!first)
                {
                    AddText(separatorText, null);
                }

                first = false;
                Add(element, depth + 1, null, editable: false);
            }

            return true;
        }

        AddValue(values.Value, null, aligned: false);
        return true;
    }

    private void StringBuilder(IOperation instance, int depth)
    {
        var op = instance.WalkDownConversions();
        if (depth > MaxDepth)
        {
            _complete = false;
            AddUnknown(instance);
            return;
        }

        switch (op)
        {
            case IInvocationOperation { TargetMethod.Name: "Append", Instance: { } receiver, Arguments.Length: 1 } append when IsStringBuilder(append.TargetMethod.ContainingType):
                StringBuilder(receiver, depth + 1);
                Add(append.Arguments[0].Value, depth + 1, null, editable: false);
                return;
            case IObjectCreationOperation creation when IsStringBuilder(creation.Type):
                AddBuilderCreation(creation, depth);
                return;
            case ILocalReferenceOperation local when IsStringBuilder(local.Type):
                LocalBuilder(local, depth);
                return;
            default:
                AddUnknown(instance);
                return;
        }
    }

    private void AddBuilderCreation(IObjectCreationOperation creation, int depth)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && argument.Parameter.Name == "value")
            {
                Add(argument.Value, depth + 1, null, editable: false);
            }
            else if (argument.Parameter?.Name != "capacity")
            {
                AddUnknown(creation);
                return;
            }
        }
    }

    private void LocalBuilder(ILocalReferenceOperation reference, int depth)
    {
        var local = reference.Local;
        var root = reference.GetRoot();
        IObjectCreationOperation? creation = null;
        IOperation? block = null;
        var chains = new List<List<IInvocationOperation>>();
        foreach (var descendant in root.Descendants())
        {
            if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                creation = (declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value)?.WalkDownConversions() as IObjectCreationOperation;
                block = declarator.Parent?.Parent?.Parent;
                continue;
            }

            if (descendant is not ILocalReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Local, local) ||
                use.Syntax.SpanStart >= reference.Syntax.SpanStart)
            {
                continue;
            }

            var chain = new List<IInvocationOperation>();
            IOperation current = use;
            while (current.Parent is IInvocationOperation { TargetMethod.Name: "Append", Arguments.Length: 1 } append &&
                   ReferenceEquals(append.Instance, current) && IsStringBuilder(append.TargetMethod.ContainingType))
            {
                chain.Add(append);
                current = append;
            }

            if (chain.Count == 0 || current.Parent is not IExpressionStatementOperation statement || block is null || !ReferenceEquals(statement.Parent, block))
            {
                AddUnknown(reference);
                return;
            }

            chains.Add(chain);
        }

        if (creation is null || !IsStringBuilder(creation.Type))
        {
            AddUnknown(reference);
            return;
        }

        AddBuilderCreation(creation, depth);
        chains.Sort((a, b) => a[0].Syntax.SpanStart.CompareTo(b[0].Syntax.SpanStart));
        foreach (var chain in chains)
        {
            foreach (var append in chain)
            {
                Add(append.Arguments[0].Value, depth + 1, null, editable: false);
            }
        }
    }

    private void AddConstant(IOperation op, bool editable)
    {
        var value = op.ConstantValue.Value;
        var text = value switch
        {
            null => string.Empty,
            string s => s,
            char c => c.ToString(),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        KeyInsertionPoint? literalEnd = null;
        if (editable && op is ILiteralOperation { Syntax: LiteralExpressionSyntax literal } && literal.Token.IsKind(SyntaxKind.StringLiteralToken))
        {
            literalEnd = new KeyInsertionPoint(literal.SyntaxTree, literal.Span.End - 1, KeyInsertionStyle.LiteralEnd);
        }

        _segments.Add(new KeySegment(KeySegmentKind.Constant, KeyValueShape.None, text, text, op)
        {
            LiteralEnd = literalEnd,
            MaxLength = text.Length,
            IsFixedWidth = true,
        });
    }

    private void AddText(string text, IOperation? operation) =>
        _segments.Add(new KeySegment(KeySegmentKind.Constant, KeyValueShape.None, text, text, operation) { MaxLength = text.Length, IsFixedWidth = true });

    private void AddUnknown(IOperation operation) =>
        _segments.Add(new KeySegment(KeySegmentKind.Unknown, KeyValueShape.Other, null, "{?}", operation));

    private void AddValue(IOperation value, string? format, bool aligned, IOperation? wholeValue = null) =>
        _segments.Add(Classify(value, format, aligned, wholeValue ?? value));

    /// <summary>Classifies one dynamic value rendered with <paramref name="format"/>.</summary>
    private KeySegment Classify(IOperation value, string? format, bool aligned, IOperation wholeValue)
    {
        var volatility = VolatilityAnalysis.Analyze(value, format);
        if (volatility.Kind == VolatilityKind.Volatile)
        {
            return new KeySegment(KeySegmentKind.Volatile, volatility.IsTime ? KeyValueShape.Time : KeyValueShape.Other, null,
                volatility.IsTime ? "{time!}" : "{volatile!}", wholeValue)
            {
                Reason = volatility.Reason,
                Source = volatility.Source,
                Format = format,
                IsFixedWidth = aligned,
            };
        }

        if (volatility.Kind == VolatilityKind.TimeBucket)
        {
            return new KeySegment(KeySegmentKind.Bounded, KeyValueShape.TimeBucket, null, "{bucket:" + volatility.Bucket + "}", wholeValue)
            {
                Reason = volatility.Reason,
                Source = volatility.Source,
                Format = format,
                IsFixedWidth = aligned || TimeFormat.IsFixedWidth(format),
                MaxLength = format is { Length: > 1 } ? format.Length + 8 : null,
            };
        }

        var type = StripImplicit(value).Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is null || type.SpecialType == SpecialType.System_Object || RequestContext.IsStringLike(type) || type.TypeKind == TypeKind.Error)
        {
            return ClassifyString(value, format, aligned, wholeValue, type);
        }

        return ClassifyTyped(type, format, aligned, wholeValue);
    }

    private KeySegment ClassifyString(IOperation value, string? format, bool aligned, IOperation wholeValue, ITypeSymbol? type)
    {
        var taint = TaintAnalysis.Analyze(value, _taintSources);
        switch (taint.Kind)
        {
            case TaintKind.Input:
                return new KeySegment(KeySegmentKind.ExternalInput, KeyValueShape.String, null, "{string:input!}", wholeValue)
                {
                    Reason = taint.Reason,
                    Source = taint.Source,
                    Format = format,
                    IsFixedWidth = aligned,
                };
            case TaintKind.Claim:
                return new KeySegment(KeySegmentKind.Bounded, KeyValueShape.Claim, null, "{string:claim}", wholeValue) { Format = format, IsFixedWidth = aligned };
            case TaintKind.Hashed:
                return new KeySegment(KeySegmentKind.Bounded, KeyValueShape.Hash, null, "{hash}", wholeValue) { Format = format, IsFixedWidth = true, MaxLength = 128 };
            case TaintKind.Sanitized:
                var choice = taint.Reason == "allow-list";
                return new KeySegment(KeySegmentKind.Bounded, choice ? KeyValueShape.Choice : KeyValueShape.CheckedString, null, choice ? "{choice}" : "{string:checked}", wholeValue)
                {
                    Format = format,
                    IsFixedWidth = aligned,
                };
            case TaintKind.Clean:
                return new KeySegment(KeySegmentKind.Bounded, KeyValueShape.Choice, null, "{choice}", wholeValue) { Format = format, IsFixedWidth = aligned };
            default:
                var isString = type is not null && RequestContext.IsStringLike(type);
                return new KeySegment(KeySegmentKind.Unknown, isString ? KeyValueShape.String : KeyValueShape.Other, null, isString ? "{string}" : "{?}", wholeValue)
                {
                    Format = format,
                    IsFixedWidth = aligned,
                };
        }
    }

    private static KeySegment ClassifyTyped(ITypeSymbol type, string? format, bool aligned, IOperation wholeValue)
    {
        var fixedNumber = aligned || TimeFormat.IsFixedWidthNumber(format);
        if (type.TypeKind == TypeKind.Enum)
        {
            var count = 0;
            var longest = 0;
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true })
                {
                    count++;
                    longest = Math.Max(longest, member.Name.Length);
                }
            }

            var numeric = format is "D" or "d" or "X" or "x";
            return new KeySegment(KeySegmentKind.Bounded, numeric ? KeyValueShape.Integer : KeyValueShape.Enum, null,
                "{enum:" + type.Name + "(" + count.ToString(CultureInfo.InvariantCulture) + ")}", wholeValue)
            {
                Format = format,
                IsFixedWidth = fixedNumber,
                MaxLength = numeric ? 20 : SymbolNames.HasAttribute(type, "System", "FlagsAttribute") ? null : longest,
            };
        }

        string placeholder;
        KeyValueShape shape;
        int? max = null;
        var isFixed = fixedNumber;
        switch (type.SpecialType)
        {
            case SpecialType.System_Int32:
                (placeholder, shape, max) = ("{int}", KeyValueShape.Integer, 11);
                break;
            case SpecialType.System_UInt32:
                (placeholder, shape, max) = ("{uint}", KeyValueShape.Integer, 10);
                break;
            case SpecialType.System_Int64:
                (placeholder, shape, max) = ("{long}", KeyValueShape.Integer, 20);
                break;
            case SpecialType.System_UInt64:
                (placeholder, shape, max) = ("{ulong}", KeyValueShape.Integer, 20);
                break;
            case SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte:
                (placeholder, shape, max) = ("{" + type.ToDisplayString() + "}", KeyValueShape.Integer, 6);
                break;
            case SpecialType.System_Decimal or SpecialType.System_Double or SpecialType.System_Single:
                (placeholder, shape) = ("{" + type.ToDisplayString() + "}", KeyValueShape.Floating);
                break;
            case SpecialType.System_Boolean:
                (placeholder, shape, max) = ("{bool}", KeyValueShape.Bool, 5);
                break;
            case SpecialType.System_Char:
                (placeholder, shape, max, isFixed) = ("{char}", KeyValueShape.Char, 1, true);
                break;
            case SpecialType.System_DateTime:
                (placeholder, shape, max) = ("{datetime}", KeyValueShape.DateTime, 40);
                isFixed = aligned || TimeFormat.IsFixedWidth(format);
                break;
            default:
                if (SymbolNames.Is(type, "System", "Guid"))
                {
                    (placeholder, shape, isFixed) = ("{guid}", KeyValueShape.Guid, true);
                    max = format is "N" or "n" ? 32 : format is "B" or "b" or "P" or "p" ? 38 : format is "X" or "x" ? 68 : 36;
                }
                else if (TaintAnalysis.IsTypedScalar(type))
                {
                    (placeholder, shape, max) = ("{" + type.Name.ToLowerInvariant() + "}", KeyValueShape.DateTime, 40);
                    isFixed = aligned || TimeFormat.IsFixedWidth(format);
                }
                else
                {
                    return new KeySegment(KeySegmentKind.Unknown, KeyValueShape.Other, null, "{?}", wholeValue) { Format = format, IsFixedWidth = aligned };
                }

                break;
        }

        return new KeySegment(KeySegmentKind.Bounded, shape, null, placeholder, wholeValue) { Format = format, IsFixedWidth = isFixed, MaxLength = max };
    }

    /// <summary>True for expressions that build a key: constants, interpolations, string <c>+</c>, Concat/Format/Join, builder ToString, RedisKey Append/Prepend, traced locals and fields.</summary>
    private static bool IsComposition(IOperation operation, int depth)
    {
        var op = operation.WalkDownConversions();
        if (depth > 4)
        {
            return false;
        }

        if (op.ConstantValue.HasValue)
        {
            return true;
        }

        switch (op)
        {
            case IInterpolatedStringOperation or IInterpolatedStringHandlerCreationOperation:
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return binary.Type?.SpecialType == SpecialType.System_String;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (method.ContainingType?.SpecialType == SpecialType.System_String && method.IsStatic)
                {
                    return method.Name is "Concat" or "Format" or "Join";
                }

                if (method.Name == "ToString" && invocation.Instance is { } instance)
                {
                    return IsStringBuilder(instance.WalkDownConversions().Type) || instance.WalkDownConversions().Type?.SpecialType == SpecialType.System_String;
                }

                return method.Name is "Append" or "Prepend" && SymbolNames.Is(method.ContainingType, "StackExchange.Redis", "RedisKey");
            case ILocalReferenceOperation local:
                var assigned = ValueTracer.GetSingleAssignment(local.Local, local);
                return assigned is not null && IsComposition(assigned, depth + 1);
            case IFieldReferenceOperation { Field: { } field } when field.IsConst || field.IsReadOnly:
                var initializer = ValueTracer.GetFieldInitializer(field, op.SemanticModel);
                return initializer is not null && IsComposition(initializer, depth + 1);
            default:
                return false;
        }
    }

    private static bool IsComposable(ITypeSymbol? type) =>
        type is not null && (type.SpecialType is SpecialType.System_String or SpecialType.System_Object || SymbolNames.Is(type, "StackExchange.Redis", "RedisKey"));

    private static bool IsStringBuilder(ITypeSymbol? type) => SymbolNames.Is(type, "System.Text", "StringBuilder");

    private static IOperation StripImplicit(IOperation operation)
    {
        var current = operation;
        for (var i = 0; i < 16; i++)
        {
            switch (current)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    current = conversion.Operand;
                    continue;
                case IConversionOperation conversion when conversion.Type?.SpecialType is SpecialType.System_Object or SpecialType.System_String ||
                                                          SymbolNames.Is(conversion.Type, "StackExchange.Redis", "RedisKey"):
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
            }

            break;
        }

        return current;
    }

    /// <summary>True for a <c>params</c> argument (array, or a params collection of newer compilers, reported as an unknown kind by Roslyn 4.8).</summary>
    private static bool IsParams(IArgumentOperation argument) =>
        argument.ArgumentKind is not (ArgumentKind.Explicit or ArgumentKind.DefaultValue);

    private static bool TryGetParamsElements(IArgumentOperation argument, List<IOperation> elements)
    {
        var value = argument.Value.WalkDownConversions();
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            elements.AddRange(initializer.ElementValues);
            return true;
        }

        // params ReadOnlySpan<T> (C# 13): a collection expression whose children are the elements.
        if (value.Kind != OperationKind.ArrayCreation && value.Type is INamedTypeSymbol { Name: "ReadOnlySpan" or "Span" })
        {
            foreach (var child in value.ChildOperations)
            {
                elements.Add(child);
            }

            return true;
        }

        return false;
    }

    private static KeyInsertionPoint? Point(IOperation operation, KeyInsertionStyle style) =>
        new KeyInsertionPoint(operation.Syntax.SyntaxTree, operation.Syntax.SpanStart, style);
}
