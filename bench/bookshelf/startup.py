#!/usr/bin/env python3
"""Time from process start to the first answered request, as bench/run measures startup.

    startup.py RUNS URL -- COMMAND [ARGS...]

Starts COMMAND (environment and working directory inherited) RUNS times; each time it polls URL
every millisecond from the moment the process is spawned until an answer with status 200 comes
back, then stops the process (SIGTERM to its process group, so gunicorn's workers go too). Prints
one JSON line: the median and every run, in milliseconds."""
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


def first_answer_ms(url, argv):
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while time.monotonic() - started < 30:
            if process.poll() is not None:
                raise SystemExit(f"startup.py: {argv[0]} exited with {process.returncode} before answering")
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        return (time.monotonic() - started) * 1000
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.001)
        raise SystemExit(f"startup.py: no answer from {url} within 30 s")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def main():
    runs, url = int(sys.argv[1]), sys.argv[2]
    argv = sys.argv[sys.argv.index("--") + 1 :]
    times = []
    for _ in range(runs):
        times.append(round(first_answer_ms(url, argv), 1))
        time.sleep(0.3)  # the port is free again and the machine settles before the next start
    print(json.dumps({"median_ms": statistics.median(times), "runs_ms": times}))


if __name__ == "__main__":
    main()
