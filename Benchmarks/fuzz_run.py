#!/usr/bin/env python3
"""Runs every file of a fuzz corpus (scripts/fuzz-corpus.py) through the sharpeyes command its manifest names, two
at a time, each under a time limit and an address-space limit (prlimit --as), and counts how they ended.

Usage: Benchmarks/fuzz_run.py CORPUS BINARY [--jobs 2] [--cpu 30] [--timeout 120] [--memory 3221225472] [--result FILE]

A crash is an exit by a signal; a hang is a run that used more than --cpu seconds of CPU (prlimit --cpu: SIGXCPU)
or was still going after --timeout seconds of wall-clock time (then killed; the wall-clock limit is generous as
the machines are shared). Exit statuses other than 0 and 1, and exit 1 without a line starting `error:`, are
counted too. Max RSS is each run's own, from wait4.
Prints the counts and the files of every crash and hang; --result writes them as JSON.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def run(entry, options):
    work = tempfile.mkdtemp(prefix="sharpeyes-fuzz-")
    file = str(options.corpus / entry["file"])
    args = [a.replace("{file}", file).replace("{db}", f"{work}/sharpeyes.sqlite") for a in entry["args"]]
    command = ["prlimit", f"--as={options.memory}", f"--cpu={options.cpu}:{options.cpu + 10}", "--", options.binary] + args
    with open(f"{work}/stdout", "wb") as out, open(f"{work}/stderr", "wb") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env={**os.environ, **entry["env"]}, start_new_session=True)
    started, hung = time.monotonic(), False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > options.timeout:
            hung = True
            os.killpg(child.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
    child.returncode = 0  # reaped here, with its rusage
    stderr = Path(f"{work}/stderr").read_bytes().decode("utf-8", "replace")
    stdout = Path(f"{work}/stdout").read_bytes().decode("utf-8", "replace")
    return outcome(entry, file, status, hung, usage.ru_maxrss, time.monotonic() - started, stdout, stderr)


def outcome(entry, file, status, hung, rss_kb, seconds, stdout, stderr):
    result = {"kind": entry["kind"], "file": file, "mutation": entry["mutation"], "rss_mb": rss_kb // 1024,
              "seconds": round(seconds, 2)}
    if hung or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU):
        result["end"] = "hang"
    elif os.WIFSIGNALED(status):
        result["end"] = "crash"
        result["signal"] = signal.Signals(os.WTERMSIG(status)).name
        result["stderr"] = stderr[-2000:]
    else:
        code = os.WEXITSTATUS(status)
        result["end"] = f"exit {code}"
        if code == 1 and not any(line.startswith("error:") for line in stderr.splitlines()):
            result["end"] = "exit 1 without error:"
        if code not in (0, 1):
            result["stderr"] = stderr[-2000:]
        if entry["kind"] == "video" and code == 0 and '"frames_decoded":0' in stdout.replace(" ", ""):
            result["decoded_nothing"] = True
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("binary")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cpu", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory", type=int, default=3 << 30)
    parser.add_argument("--result", type=Path)
    options = parser.parse_args()
    entries = [json.loads(line) for line in open(options.corpus / "manifest.jsonl")]
    results, lock = [], threading.Lock()

    def one(entry):
        result = run(entry, options)
        with lock:
            results.append(result)
            if result["end"] in ("crash", "hang") or len(results) % 100 == 0:
                print(f"{len(results)}/{len(entries)} {result['end']} {result['file']}", file=sys.stderr, flush=True)

    started = time.monotonic()
    with ThreadPoolExecutor(options.jobs) as pool:
        list(pool.map(one, entries))
    report(results, time.monotonic() - started, options)


def report(results, seconds, options):
    ends = {}
    for result in results:
        ends[result["end"]] = ends.get(result["end"], 0) + 1
    biggest = max(results, key=lambda r: r["rss_mb"])
    slowest = max(results, key=lambda r: r["seconds"])
    summary = {
        "files": len(results), "crashes": ends.get("crash", 0), "hangs": ends.get("hang", 0),
        "exit_0": ends.get("exit 0", 0), "exit_1": ends.get("exit 1", 0),
        "other": {k: v for k, v in ends.items() if k not in ("crash", "hang", "exit 0", "exit 1")},
        "videos_decoding_nothing_exit_0": sum(1 for r in results if r.get("decoded_nothing")),
        "max_rss_mb": biggest["rss_mb"], "max_rss_file": biggest["file"],
        "slowest_seconds": slowest["seconds"], "slowest_file": slowest["file"],
        "wall_seconds": round(seconds), "cpu_limit_seconds": options.cpu, "timeout_seconds": options.timeout,
        "memory_limit_bytes": options.memory,
        "by_kind": {kind: {end: sum(1 for r in results if r["kind"] == kind and r["end"] == end)
                           for end in sorted({r["end"] for r in results if r["kind"] == kind})}
                    for kind in sorted({r["kind"] for r in results})},
        "failures": [r for r in results if r["end"] not in ("exit 0", "exit 1")],
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "failures"}, ensure_ascii=False, indent=1))
    for failure in summary["failures"]:
        print(f"{failure['end']}: {failure['file']} ({failure['mutation']})")
    if options.result:
        options.result.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
