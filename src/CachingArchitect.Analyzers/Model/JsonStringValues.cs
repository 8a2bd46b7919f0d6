using System.Collections.Generic;
using System.Text;

namespace CachingArchitect.Analyzers.Model;

/// <summary>A string value of a JSON document with its property path (<c>ConnectionStrings:Redis</c>) and the span of its literal.</summary>
internal readonly struct JsonStringValue
{
    public JsonStringValue(string path, string value, int start, int length)
    {
        Path = path;
        Value = value;
        Start = start;
        Length = length;
    }

    /// <summary>Property names from the root, joined with <c>:</c> as in <c>IConfiguration</c>; array items are their index.</summary>
    public string Path { get; }

    public string Value { get; }

    /// <summary>Offset of the opening quote of the literal.</summary>
    public int Start { get; }

    /// <summary>Length of the literal, quotes included.</summary>
    public int Length { get; }
}

/// <summary>
/// A tolerant reader of the string values of a JSON file such as <c>appsettings*.json</c> (comments and trailing commas allowed,
/// as the .NET configuration reader allows them). It never throws: on malformed input it returns what it read so far.
/// Used to find connection strings in configuration files passed as <c>AdditionalFiles</c>.
/// </summary>
internal static class JsonStringValues
{
    private const int MaxDepth = 32;

    /// <summary>All string values of <paramref name="json"/> with their paths.</summary>
    public static List<JsonStringValue> Read(string json) => Read(json, includeScalars: false);

    /// <summary>
    /// All string values and, when <paramref name="includeScalars"/>, also numbers and booleans (their raw text, e.g. <c>1024</c>,
    /// <c>true</c>) with their paths, as <c>IConfiguration</c> sees them (<c>MemoryCache:SizeLimit</c>). <c>null</c> is skipped.
    /// </summary>
    public static List<JsonStringValue> Read(string json, bool includeScalars)
    {
        var result = new List<JsonStringValue>();
        var position = 0;
        try
        {
            ReadValue(json, ref position, new List<string>(), result, 0, includeScalars);
        }
        catch (System.ArgumentOutOfRangeException)
        {
            // Truncated input: keep what was read.
        }

        return result;
    }

    private static void ReadValue(string s, ref int i, List<string> path, List<JsonStringValue> result, int depth, bool scalars)
    {
        SkipTrivia(s, ref i);
        if (i >= s.Length || depth > MaxDepth)
        {
            i = s.Length;
            return;
        }

        var c = s[i];
        if (c == '{')
        {
            i++;
            while (true)
            {
                SkipTrivia(s, ref i);
                if (i >= s.Length)
                {
                    return;
                }

                if (s[i] == '}')
                {
                    i++;
                    return;
                }

                if (s[i] == ',')
                {
                    i++;
                    continue;
                }

                if (s[i] != '"')
                {
                    i = s.Length;
                    return;
                }

                var name = ReadString(s, ref i);
                SkipTrivia(s, ref i);
                if (i < s.Length && s[i] == ':')
                {
                    i++;
                }

                path.Add(name ?? string.Empty);
                ReadValue(s, ref i, path, result, depth + 1, scalars);
                path.RemoveAt(path.Count - 1);
            }
        }

        if (c == '[')
        {
            i++;
            var index = 0;
            while (true)
            {
                SkipTrivia(s, ref i);
                if (i >= s.Length)
                {
                    return;
                }

                if (s[i] == ']')
                {
                    i++;
                    return;
                }

                if (s[i] == ',')
                {
                    i++;
                    continue;
                }

                path.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var before = i;
                ReadValue(s, ref i, path, result, depth + 1, scalars);
                path.RemoveAt(path.Count - 1);
                index++;
                if (i == before)
                {
                    i++;
                }
            }
        }

        if (c == '"')
        {
            var start = i;
            var value = ReadString(s, ref i);
            if (value is not null)
            {
                result.Add(new JsonStringValue(string.Join(":", path), value, start, i - start));
            }

            return;
        }

        // Number, true, false, null: skip to the next structural character (recorded when scalars are wanted).
        var scalarStart = i;
        while (i < s.Length && s[i] is not (',' or '}' or ']'))
        {
            i++;
        }

        if (scalars)
        {
            var raw = s.Substring(scalarStart, i - scalarStart).TrimEnd();
            var cut = raw.IndexOf("//", System.StringComparison.Ordinal);
            if (cut >= 0)
            {
                raw = raw.Substring(0, cut).TrimEnd();
            }

            if (raw.Length > 0 && raw != "null")
            {
                result.Add(new JsonStringValue(string.Join(":", path), raw, scalarStart, raw.Length));
            }
        }
    }

    private static string? ReadString(string s, ref int i)
    {
        var builder = new StringBuilder();
        i++;
        while (i < s.Length)
        {
            var c = s[i++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c == '\\' && i < s.Length)
            {
                var e = s[i++];
                switch (e)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u' when i + 4 <= s.Length &&
                                  int.TryParse(s.Substring(i, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default: builder.Append(e); break;
                }

                continue;
            }

            builder.Append(c);
        }

        return null;
    }

    private static void SkipTrivia(string s, ref int i)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
