#!/usr/bin/env python3
"""make bench: how fast `funnelbot import` brings the 8,800-deal sample in (goal: under 2 s),
and that its memory stays flat when the file is four times longer (the file is streamed)."""
import os
import resource
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(os.environ.get("FUNNELBOT", "build/funnelbot"))
DATA = os.path.join(os.path.dirname(__file__), "..", "data", "crm-sales-opportunities")
MAPS = os.path.join(os.path.dirname(__file__), "..", "..", "contrib", "import")


def run(cfg, *args):
    """Runs one import in a child; returns (seconds, the child's peak RSS in MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    r = subprocess.run([BIN, "import", *args, "-c", cfg], capture_output=True, text=True)
    secs = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"bench_import: import {args[0]} failed:\n{r.stdout}{r.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return secs, max(peak, before) / 1024.0


def fresh(d, name):
    cfg = os.path.join(d, name + ".ini")
    with open(cfg, "w") as f:
        f.write(f"[store]\npath = {os.path.join(d, name + '.db')}\n")
    run(cfg, os.path.join(DATA, "sales_teams.csv"), "--create-people", "--mapping",
        os.path.join(MAPS, "crm-sales-opportunities-teams.ini"))
    return cfg


def main():
    pipeline = os.path.join(DATA, "sales_pipeline.csv")
    mapping = os.path.join(MAPS, "crm-sales-opportunities.ini")
    if not os.path.exists(pipeline):
        sys.exit(f"bench_import: no sample data at {DATA}")
    with tempfile.TemporaryDirectory(dir=os.path.dirname(BIN)) as d:
        cfg = fresh(d, "one")
        secs, _ = run(cfg, pipeline, "--mapping", mapping)
        again, _ = run(cfg, pipeline, "--mapping", mapping)
        # Four copies of the rows, each with its own ids: memory must not grow with them.
        big = os.path.join(d, "four.csv")
        with open(pipeline) as src, open(big, "w") as out:
            header, *rows = src.read().splitlines()
            out.write(header + "\n")
            for k in range(4):
                for row in rows:
                    out.write(f"{k}{row}\n")
        small_rss = run(fresh(d, "small"), pipeline, "--mapping", mapping)[1]
        # ru_maxrss of children is the peak over all of them so far: measure the big one in
        # a fresh interpreter so the small run's peak does not hide it.
        probe = subprocess.run([sys.executable, "-c", (
            "import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],capture_output=True,check=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"),
            BIN, "import", big, "--mapping", mapping, "-c", fresh(d, "big")],
            capture_output=True, text=True)
        if probe.returncode != 0:
            sys.exit(f"bench_import: the 35,200-row import failed: {probe.stderr}")
        big_rss = int(probe.stdout.strip()) / 1024.0
    print(f"import: 8,800 deals in {secs:.2f} s (goal < 2 s), again (all unchanged) in "
          f"{again:.2f} s; peak RSS {small_rss:.1f} MiB for 8,800 rows, {big_rss:.1f} MiB "
          f"for 35,200")


if __name__ == "__main__":
    main()
