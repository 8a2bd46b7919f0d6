using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace CachingArchitect.Generators.Tests.Infrastructure;

/// <summary>
/// A small approval helper (the Verify package is not served): compares text with <c>Snapshots/NAME.verified.cs</c> next to
/// the test sources. On a mismatch it writes <c>NAME.received.cs</c> and fails with a line diff. With the environment variable
/// <c>CACHING_ARCHITECT_ACCEPT=1</c> it writes the verified file instead (review the git diff before committing).
/// The tool version in <c>[GeneratedCode]</c> is scrubbed so a version bump does not touch every snapshot.
/// </summary>
public static partial class Approvals
{
    public const string AcceptVariable = "CACHING_ARCHITECT_ACCEPT";

    [GeneratedRegex("GeneratedCode\\(\"CachingArchitect\\.Generators\", \"[^\"]*\"\\)")]
    private static partial Regex GeneratedCodeVersion();

    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        Directory.CreateDirectory(directory);
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        var scrubbed = Normalize(GeneratedCodeVersion().Replace(actual, "GeneratedCode(\"CachingArchitect.Generators\", \"{version}\")"));

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, scrubbed);
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == scrubbed)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        File.WriteAllText(receivedPath, scrubbed);
        var message = verified is null
            ? $"No approved snapshot {verifiedPath}. Received output written to {receivedPath}; rename it to .verified.cs or rerun with {AcceptVariable}=1."
            : $"Snapshot {name} differs (received: {receivedPath}; accept with {AcceptVariable}=1):\n{Diff(verified, scrubbed)}";
        Assert.Fail(message);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>A minimal line diff (longest common subsequence), enough to read a snapshot mismatch.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                output.Append("+ ").Append(y + 1).Append(": ").AppendLine(b[y++]);
            }
            else
            {
                output.Append("- ").Append(x + 1).Append(": ").AppendLine(a[x++]);
            }
        }

        return output.ToString();
    }
}
