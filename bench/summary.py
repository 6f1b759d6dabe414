"""Optional machine-readable results for bench/all, shared by the Python bench scripts.

With BENCH_SUMMARY=<file> set, record(metric, value) appends one line to that file:
    metric<TAB>value (with its unit)<TAB>command<TAB>UTC time of the measurement
where command is BENCH_COMMAND if set (bench/all passes the exact command line it ran), else the script and its
arguments. With BENCH_SUMMARY unset nothing is written and the scripts behave as before.
"""
import os
import sys
import time


def command():
    return os.environ.get("BENCH_COMMAND") or " ".join(["bench/" + os.path.basename(sys.argv[0])] + sys.argv[1:])


def record(metric, value):
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    fields = [str(metric), str(value), command(), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())]
    with open(path, "a", encoding="utf-8") as out:
        out.write("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields) + "\n")
