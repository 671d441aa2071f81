"""Run every benchmark in turn (``make bench`` or ``python -m benchmarks [NAME ...]``).

Each script is its own process so one's imports, caches and threads cannot colour another's
figures; each prints its baseline and ratio. Arguments after ``--`` go to every script, e.g.
``python -m benchmarks edit_latency -- --edits 50``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
SCRIPTS = ("startup", "pty_latency", "edit_latency", "classifier_run_bytes", "search_speed", "search_stream",
           "landscape_speed", "bad_files", "shared_cache")


def main(argv: list[str]) -> int:
    extra: list[str] = []
    if "--" in argv:
        argv, extra = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    unknown = [name for name in argv if name not in SCRIPTS]
    if unknown:
        print(f"benchmarks: unknown benchmark {unknown[0]!r}; choose from {', '.join(SCRIPTS)}",
              file=sys.stderr)
        return 2
    failed = []
    for name in argv or SCRIPTS:
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / f"{name}.py"), *extra],
                               cwd=HERE.parent)
        print(f"=== {name}: exit {code}, {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
