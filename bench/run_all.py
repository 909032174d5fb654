"""Run every benchmark in turn and print its table (`make bench`).

Quality: demo corpus, same-meaning pairs (MRPC, ECB+, claim gold), quote
speakers, claim groups and `check` stances on real gv-dev reports, time
expressions (TempEval-3, MEANTIME), HTML extraction, story grouping (gv-dev, ECB+).
Speed: WARC reading pages/s, analysis words/s, `check`, grouping and ingest articles/s,
the Spark job, web load.
Scripts whose data folder (../shared/data) is absent say so and are skipped.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    ["bench_demo.py"],
    ["train_judge.py"],
    ["bench_quotes.py"],
    ["bench_timex.py"],
    ["bench_extraction.py"],
    ["bench_cleaning.py"],
    ["bench_warc.py"],
    ["bench_grouping.py", "--seeds", "2"],
    ["bench_grouping_gv.py"],
    ["bench_claims.py"],
    ["bench_check.py"],
    ["bench_speed.py", "--real", "300"],
    ["bench_check_speed.py"],
    ["bench_grouping_speed.py"],
    ["bench_ingest.py"],
    ["bench_spark.py"],
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
