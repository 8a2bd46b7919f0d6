#!/usr/bin/env python3
"""No-op rebuild cost of the CachingArchitect package (issue 8: "a no-op rebuild with the package is within 2 % of one
without it").

    python3 build/perf/measure-noop-rebuild.py                     # packs this tree, 300-file code base, 9 runs each
    python3 build/perf/measure-noop-rebuild.py --feed artifacts    # reuse packages already packed by build/test.sh
    options: --files N (default 300), --runs N (default 9), --work DIR

It generates the caching-heavy code base (generate-codebase.py) twice: one copy references the CachingArchitect package
from a local folder feed, exactly as a user installs it (analyzers, generator, build task, TODO report); the other is the
same project without it. Both are built once (restore, compile, TODO written), built a second time to settle, and then
rebuilt with `dotnet build --no-restore` and nothing changed, alternating between the two copies so both see the same
machine state. It reports the median wall time of each, their ratio, and, from MSBuild's performance summary of one more
no-op build, the time of CachingArchitect's own targets, and it checks that the no-op builds left the TODO file untouched.
Needs the .NET 10 SDK and python3; takes 3-5 minutes on 2 cores.
"""
import argparse
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", UseSharedCompilation="false",
           DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
COMMON = ["-nologo", "-tl:off", "-nodeReuse:false"]


def run(args, cwd):
    proc = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-6000:])
        raise SystemExit(f"measure-noop-rebuild: `{' '.join(args)}` failed with exit {proc.returncode}")
    return proc.stdout


def pack(work):
    feed = os.path.join(work, "feed")
    suffix = f"perf.{int(time.time())}"
    print(f"measure-noop-rebuild: packing this tree (version suffix {suffix})...")
    run(["dotnet", "pack", os.path.join(ROOT, "CachingArchitect.sln"), "-c", "Release", "-o", feed, f"-p:VersionSuffix={suffix}"] + COMMON + ["-v:q"], ROOT)
    return feed


def newest_version(feed):
    packages = [p for p in glob.glob(os.path.join(feed, "CachingArchitect.*.nupkg")) if not os.path.basename(p).startswith("CachingArchitect.StackExchangeRedis.")]
    if not packages:
        raise SystemExit(f"measure-noop-rebuild: no CachingArchitect.*.nupkg in {feed}")
    newest = max(packages, key=os.path.getmtime)
    return re.match(r"CachingArchitect\.(.+)\.nupkg$", os.path.basename(newest)).group(1)


def prepare(folder, files, feed, version):
    run([sys.executable, os.path.join(ROOT, "build", "perf", "generate-codebase.py"), "--out", folder, "--files", str(files)], ROOT)
    if feed is None:
        return
    project = os.path.join(folder, "Perf.csproj")
    with open(project) as f:
        text = f.read()
    text = text.replace("  <ItemGroup>\n", f'  <ItemGroup>\n    <PackageReference Include="CachingArchitect" Version="{version}" />\n', 1)
    with open(project, "w") as f:
        f.write(text)
    with open(os.path.join(folder, "nuget.config"), "w") as f:
        f.write(f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local-caching-architect" value="{os.path.abspath(feed)}" />
  </packageSources>
</configuration>
""")


def build(folder, extra=()):
    start = time.time()
    log = run(["dotnet", "build", "Perf.csproj", "--no-restore"] + COMMON + list(extra), folder)
    return time.time() - start, log


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--feed", default=None, help="folder with CachingArchitect.*.nupkg (default: pack this tree)")
    parser.add_argument("--work", default=None, help="work folder (default: a new temp folder)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="cachingarchitect-noop-")
    os.makedirs(work, exist_ok=True)
    feed = os.path.abspath(args.feed) if args.feed else pack(work)
    version = newest_version(feed)
    with_package, without = os.path.join(work, "with-package"), os.path.join(work, "without-package")
    for folder in (with_package, without):
        shutil.rmtree(folder, ignore_errors=True)
    prepare(with_package, args.files, feed, version)
    prepare(without, args.files, None, None)
    print(f"measure-noop-rebuild: CachingArchitect {version}, {args.files} files; first builds...")
    for folder in (with_package, without):
        run(["dotnet", "restore", "Perf.csproj"] + COMMON, folder)
        build(folder)
        build(folder)
    todo = os.path.join(with_package, "TODO_caching-architect.md")
    if not os.path.exists(todo):
        raise SystemExit("measure-noop-rebuild: the package build wrote no TODO_caching-architect.md")
    todo_stamp = os.path.getmtime(todo)

    times = {"with": [], "without": []}
    for i in range(args.runs):
        order = [("with", with_package), ("without", without)] if i % 2 == 0 else [("without", without), ("with", with_package)]
        for name, folder in order:
            seconds, _ = build(folder)
            times[name].append(seconds)
        print(f"  run {i + 1}: with package {times['with'][-1]:.2f} s, without {times['without'][-1]:.2f} s")

    _, summary = build(with_package, ["-clp:PerformanceSummary", "-v:n"])
    own = {}
    for line in summary.splitlines():
        m = re.match(r"^\s+(\d+) ms\s+(\S+)\s+\d+ calls", line)
        if m and "CachingArchitect" in m.group(2):
            own[m.group(2)] = own.get(m.group(2), 0) + int(m.group(1))
    skipped = "Skipping target \"CachingArchitectWriteTodo\"" in summary or "CachingArchitectWriteTodo" not in own
    untouched = os.path.getmtime(todo) == todo_stamp

    with_median, without_median = statistics.median(times["with"]), statistics.median(times["without"])
    print()
    print(f"### No-op rebuild ({args.files} files, CachingArchitect {version}; median of {args.runs} alternating runs)")
    print()
    print("| Measure | Value |")
    print("|---|---|")
    print(f"| No-op `dotnet build --no-restore`, with the package | {with_median:.2f} s (min {min(times['with']):.2f}, max {max(times['with']):.2f}) |")
    print(f"| Same, without the package | {without_median:.2f} s (min {min(times['without']):.2f}, max {max(times['without']):.2f}) |")
    print(f"| Ratio with / without | {with_median / without_median:.3f} ({100 * (with_median / without_median - 1):+.1f} %) |")
    for target, ms in sorted(own.items(), key=lambda kv: -kv[1]):
        print(f"| Target `{target}` (performance summary) | {ms} ms |")
    print(f"| TODO file rewritten by the no-op builds | {'no' if untouched else 'YES'} |")
    print(f"| `CachingArchitectWriteTodo` skipped as up to date | {'yes' if skipped else 'no'} |")


if __name__ == "__main__":
    main()
