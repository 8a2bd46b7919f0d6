#!/usr/bin/env python3
"""Analyzer cost of CachingArchitect on a large generated code base (issue 8), in one build next to a do-nothing baseline.

    python3 build/perf/measure-analyzers.py                  # both variants, 2000 files each
    python3 build/perf/measure-analyzers.py --files 500 --variant caching --runs 1

For each variant (caching-heavy, and no caching library at all) it generates the code base with generate-codebase.py,
adds CachingArchitect's analyzer assemblies (Release build of this tree) and the baseline analyzer
(build/perf/BaselineAnalyzer) as <Analyzer> items. Two baselines run in the same build: the mirror baseline runs the
Initialize/compilation-start code of every CachingArchitect analyzer through a proxy, so it registers exactly the same actions
after the same gating, with callbacks that do nothing (the target's "2x the do-nothing baseline" is measured against it);
the one-analyzer baseline registers each action kind once. It restores and runs
`dotnet build --no-incremental -p:ReportAnalyzer=true -v:d` N times, and reports, per run and as the median:
CachingArchitect's total analyzer time, the baseline's, their ratio, the compile (Csc task) time and CachingArchitect's
share of it, plus the ten most expensive CachingArchitect analyzers. Results are printed as Markdown for
docs/performance.md. Needs the .NET 10 SDK and python3; takes a few minutes on 2 cores.
"""
import argparse
import os
import shutil
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", UseSharedCompilation="false",
           DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")


def run(args, cwd, check=True):
    proc = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and proc.returncode != 0:
        sys.stdout.write(proc.stdout[-6000:])
        raise SystemExit(f"measure-analyzers: `{' '.join(args)}` failed with exit {proc.returncode}")
    return proc.stdout


def analyzer_assemblies(work):
    """Copies the analyzer assemblies into one folder: the compiler loads an analyzer's dependencies from its own folder,
    and the mirror baseline needs CachingArchitect.Analyzers.dll next to it."""
    folder = os.path.join(work, "analyzers")
    os.makedirs(folder, exist_ok=True)
    sources = [os.path.join(ROOT, "src", p, "bin", "Release", "netstandard2.0", p + ".dll")
               for p in ("CachingArchitect.Analyzers", "CachingArchitect.Generators")]
    sources.append(os.path.join(ROOT, "build", "perf", "BaselineAnalyzer", "bin", "Release", "netstandard2.0", "CachingArchitect.Perf.Baseline.dll"))
    out = []
    for source in sources:
        if os.path.exists(source):
            target = os.path.join(folder, os.path.basename(source))
            shutil.copyfile(source, target)
            out.append(target)
    return out


TIME_LINE = re.compile(r"^\s+(<?[0-9.]+)\s+(<?[0-9]+)\s+(\S.*?)\s*$")


def parse(log):
    """Returns (analyzer assembly totals {name: seconds}, per-analyzer {name: seconds}, csc seconds)."""
    assemblies, analyzers = {}, {}
    in_block = False
    for line in log.splitlines():
        if "Total analyzer execution time:" in line:
            in_block = True
            continue
        if "Total generator execution time:" in line:
            in_block = False
            continue
        if not in_block:
            continue
        m = TIME_LINE.match(line)
        if not m:
            if line.strip() and not line.strip().startswith("Time (s)"):
                in_block = False
            continue
        seconds = 0.0 if m.group(1).startswith("<") else float(m.group(1))
        name = m.group(3)
        if ", Version=" in name:
            assemblies[name.split(",")[0]] = assemblies.get(name.split(",")[0], 0.0) + seconds
        else:
            analyzers[name] = analyzers.get(name, 0.0) + seconds
    csc = 0.0
    for line in log.splitlines():
        m = re.match(r"^\s+([0-9]+) ms\s+Csc\s+\d+ calls", line)
        if m:
            csc = max(csc, int(m.group(1)) / 1000.0)
    return assemblies, analyzers, csc


def measure(variant, files, runs, work):
    folder = os.path.join(work, variant)
    gen = [sys.executable, os.path.join(ROOT, "build", "perf", "generate-codebase.py"), "--out", folder, "--files", str(files)]
    if variant == "no-caching":
        gen.append("--no-caching")
    print(run(gen, ROOT).strip())
    items = "\n".join(f'    <Analyzer Include="{a}" />' for a in analyzer_assemblies(work))
    with open(os.path.join(folder, "Directory.Build.targets"), "w") as f:
        f.write(f"<Project>\n  <ItemGroup>\n{items}\n  </ItemGroup>\n</Project>\n")
    run(["dotnet", "restore", "Perf.csproj", "-nologo"], folder)
    results = []
    for i in range(runs):
        start = time.time()
        log = run(["dotnet", "build", "Perf.csproj", "--no-restore", "--no-incremental", "-nologo", "-tl:off", "-v:d",
                   "-p:ReportAnalyzer=true", "-clp:PerformanceSummary", "-nodeReuse:false"], folder)
        wall = time.time() - start
        assemblies, analyzers, csc = parse(log)
        ca = sum(v for k, v in assemblies.items() if k.startswith("CachingArchitect.") and "Perf.Baseline" not in k)
        base = sum(v for k, v in analyzers.items() if k.startswith("CachingArchitect.Perf.Baseline.MirrorBaselineAnalyzer"))
        union = sum(v for k, v in analyzers.items() if k.startswith("CachingArchitect.Perf.Baseline.DoNothingAnalyzer"))
        warnings = len(set(re.findall(r"\): warning (CACHE\d{3}):[^\n]*", log)))
        results.append(dict(ca=ca, base=base, union=union, csc=csc, wall=wall, analyzers=analyzers, assemblies=assemblies,
                            warnings=len(set(l for l in log.splitlines() if re.search(r": warning CACHE\d{3}:", l)))))
        print(f"  {variant} run {i + 1}: CachingArchitect {ca:.3f}s, mirror baseline {base:.3f}s, one-analyzer baseline {union:.3f}s, Csc {csc:.2f}s, build {wall:.1f}s")
    return results


def median(values):
    return statistics.median(values) if values else 0.0


def report(variant, files, results):
    ca = median([r["ca"] for r in results])
    base = median([r["base"] for r in results])
    union = median([r["union"] for r in results])
    csc = median([r["csc"] for r in results])
    lines = [f"### {variant} ({files} files; median of {len(results)} run(s))", "",
             "| Measure | Value |", "|---|---|",
             f"| CachingArchitect analyzer time (all rules) | {ca:.3f} s |",
             f"| Mirror baseline (CachingArchitect's registrations, do-nothing callbacks) | {base:.3f} s |",
             f"| Ratio CachingArchitect / mirror baseline | {ca / base:.2f}× |" if base > 0 else "| Ratio CachingArchitect / mirror baseline | n/a (baseline 0) |",
             f"| One-analyzer baseline (each action kind registered once) | {union:.3f} s |",
             f"| Compile time (Csc task) | {csc:.2f} s |",
             f"| CachingArchitect share of compile time | {100 * ca / csc:.2f} % |" if csc > 0 else "| Share | n/a |",
             f"| CACHE warnings in the build | {results[-1]['warnings']} |", ""]
    ranked = sorted(((k, v) for k, v in results[-1]["analyzers"].items() if k.startswith("CachingArchitect.") and "Perf.Baseline" not in k),
                    key=lambda kv: -kv[1])[:10]
    if ranked:
        lines += ["Most expensive CachingArchitect analyzers (last run):", "", "| Analyzer | Time |", "|---|---|"]
        lines += [f"| `{k.replace('CachingArchitect.Analyzers.Rules.', '')}` | {v:.3f} s |" for k, v in ranked]
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variant", choices=["caching", "no-caching", "both"], default="both")
    parser.add_argument("--work", default=None, help="work folder (default: a new temp folder)")
    args = parser.parse_args()
    print("measure-analyzers: building the analyzers (Release) and the baseline...")
    run(["dotnet", "build", os.path.join(ROOT, "src", "CachingArchitect.Analyzers"), "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false"], ROOT)
    if os.path.isdir(os.path.join(ROOT, "src", "CachingArchitect.Generators")):
        run(["dotnet", "build", os.path.join(ROOT, "src", "CachingArchitect.Generators"), "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false"], ROOT)
    run(["dotnet", "build", os.path.join(ROOT, "build", "perf", "BaselineAnalyzer"), "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false"], ROOT)
    work = args.work or tempfile.mkdtemp(prefix="cachingarchitect-perf-")
    variants = ["caching", "no-caching"] if args.variant == "both" else [args.variant]
    sections = []
    for variant in variants:
        sections.append(report(variant, args.files, measure(variant, args.files, args.runs, work)))
    print()
    print("\n".join(sections))


if __name__ == "__main__":
    main()
