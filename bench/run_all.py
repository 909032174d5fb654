"""Run every benchmark in turn and print its table (`make bench`).

Quality: demo corpus, MEANTIME time expressions, HTML extraction, ECB+ story
grouping, claim groups and `check` stances on real gv-dev reports.
Speed: analysis words/s, grouping and ingest articles/s, web load.
Scripts whose data folder (../shared/data) is absent say so and are skipped.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    ["bench_demo.py"],
    ["bench_timex.py"],
    ["bench_extraction.py"],
    ["bench_grouping.py", "--seeds", "2"],
    ["bench_claims.py"],
    ["bench_check.py"],
    ["bench_speed.py"],
    ["bench_grouping_speed.py"],
    ["bench_ingest.py"],
    ["bench_web.py"],
]


def main() -> int:
    failed = []
    for script, *args in SCRIPTS:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, str(BENCH / script), *args]).returncode:
            failed.append(script)
    if failed:
        print("\nfailed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
