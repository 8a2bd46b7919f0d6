namespace CachingArchitect.Analyzers.Model.Keys;

/// <summary>Granularity of date/time format strings: decides whether a formatted time is a deliberate bucket (≥ 1 minute).</summary>
internal static class TimeFormat
{
    /// <summary>Granularity units, finest first.</summary>
    public enum Unit
    {
        SubSecond = 0,
        Second = 1,
        Minute = 2,
        Hour = 3,
        Day = 4,
        Month = 5,
        Year = 6,

        /// <summary>No date/time component at all (a format of literals only).</summary>
        None = 7,
    }

    /// <summary>
    /// The finest unit a .NET date/time format renders: standard formats (<c>d</c>, <c>g</c>, <c>O</c>…) and custom
    /// formats (<c>yyyyMMddHH</c>, <c>yyyy-MM-dd</c>), skipping quoted literals and escapes. Null/empty is the default <c>G</c> (seconds).
    /// </summary>
    public static Unit FinestUnit(string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            return Unit.Second;
        }

        if (format!.Length == 1)
        {
            return format[0] switch
            {
                'd' or 'D' or 'M' or 'm' => Unit.Day,
                'Y' or 'y' => Unit.Month,
                'f' or 'g' or 't' => Unit.Minute,
                'o' or 'O' => Unit.SubSecond,
                _ => Unit.Second, // F, G, R, r, s, T, u, U and unknown letters
            };
        }

        var finest = Unit.None;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            switch (c)
            {
                case '\'' or '"':
                    var close = format.IndexOf(c, i + 1);
                    i = close < 0 ? format.Length : close;
                    continue;
                case '\\':
                    i++;
                    continue;
                case '%':
                    continue;
            }

            var unit = c switch
            {
                'f' or 'F' => Unit.SubSecond,
                's' => Unit.Second,
                'm' => Unit.Minute,
                'h' or 'H' => Unit.Hour,
                'd' => Unit.Day,
                'M' => Unit.Month,
                'y' => Unit.Year,
                _ => Unit.None,
            };

            if (unit < finest)
            {
                finest = unit;
            }
        }

        return finest;
    }

    /// <summary>True when the format always renders the same width (custom specifiers of two or more letters, <c>o</c>, <c>s</c>, <c>u</c>, <c>R</c>).</summary>
    public static bool IsFixedWidth(string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            return false;
        }

        if (format!.Length == 1)
        {
            return format[0] is 'o' or 'O' or 's' or 'u' or 'r' or 'R';
        }

        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c is '\'' or '"')
            {
                var close = format.IndexOf(c, i + 1);
                i = close < 0 ? format.Length : close;
                continue;
            }

            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c is 'f' or 'F' or 's' or 'm' or 'h' or 'H' or 'd' or 'M' or 'y')
            {
                var run = 1;
                while (i + run < format.Length && format[i + run] == c)
                {
                    run++;
                }

                // Single-letter specifiers (d, M, H) vary in width; three and more d/M letters are names.
                if (run == 1 || (c is 'd' or 'M' && run >= 3) || (c == 'y' && run is 1 or 3))
                {
                    return false;
                }

                i += run - 1;
            }
        }

        return true;
    }

    /// <summary>True for numeric formats of fixed width: <c>D10</c>, <c>X8</c>, <c>0000</c>.</summary>
    public static bool IsFixedWidthNumber(string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            return false;
        }

        var f = format!;
        if ((f[0] is 'D' or 'd' or 'X' or 'x') && f.Length > 1 && int.TryParse(f.Substring(1), out var digits) && digits > 1)
        {
            return true;
        }

        foreach (var c in f)
        {
            if (c != '0')
            {
                return false;
            }
        }

        return f.Length > 1;
    }
}
