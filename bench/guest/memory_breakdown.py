#!/usr/bin/python3
"""Where a daemon's resident memory and idle CPU go, inside the kernel-tier guest: for each variant, starts the daemon
on the guest's scsi_debug paths (maps flushed first), waits for its maps, then prints its RSS split (anonymous /
file-backed), the largest anonymous mappings with their size and resident part, its threads by name, the median
`show paths` round trip and its CPU per path check over a 30 s idle window. The figures in bench/RESULTS.md's
"Closing note on the mpath vs multipathd figures" (the memory table) come from this script.

Run from the host (each variant is "label|binary|VAR=VALUE,...|thp", binary "multipathd" for Debian's daemon, thp the
system-wide transparent huge page setting to use for that run):

  tests/kernel/vm.sh -t 1500 -s "sdebug:PATHS=4,LUNS=16" -o /tmp/mem -e MPATH=/path/to/mpath \\
    -e 'VARIANTS=mpath|/path/to/mpath||always;arena1|/path/to/mpath|MALLOC_ARENA_MAX=1|always;multipathd|multipathd||always' \\
    "/usr/bin/python3 $PWD/bench/guest/memory_breakdown.py"
"""
import os
import re
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vs_multipathd as bench  # noqa: E402 - the guest helpers (maps, socket client, /proc readers)

WINDOW = 30


def mappings(pid):
    """[(name, size KiB, resident KiB)] of every mapping in /proc/PID/smaps."""
    rows = []
    for line in open(f"/proc/{pid}/smaps"):
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            parts = line.split()
            start, end = (int(x, 16) for x in parts[0].split("-"))
            rows.append([parts[5] if len(parts) > 5 else "[anon]", (end - start) // 1024, 0])
        elif line.startswith("Rss:"):
            rows[-1][2] = int(line.split()[1])
    return rows


def report(label, pid, seconds_to_maps):
    status = bench.read(f"/proc/{pid}/status")
    field = lambda k: int(re.search(rf"{k}:\s+(\d+)", status).group(1))  # noqa: E731
    print(f"== {label}: maps after {seconds_to_maps:.2f} s; RSS {field('VmRSS')} KiB = anonymous {field('RssAnon')} + "
          f"file {field('RssFile')}; {field('Threads')} threads", flush=True)
    anon = sorted((m for m in mappings(pid) if m[0] == "[anon]"), key=lambda m: -m[2])
    for _, size, rss in anon[:10]:
        print(f"   anonymous mapping {size:9d} KiB, {rss:6d} KiB resident", flush=True)
    names = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        name = re.sub(r"[0-9]+$", "#", bench.read(f"/proc/{pid}/task/{task}/comm"))
        names[name] = names.get(name, 0) + 1
    print("   threads: " + ", ".join(f"{k} x{v}" for k, v in sorted(names.items())), flush=True)


def one(label, binary, env, thp):
    bench.write("/sys/kernel/mm/transparent_hugepage/enabled", thp)
    bench.flush_maps()
    cmd = list(bench.DAEMONS["multipathd"] if binary == "multipathd" else bench.DAEMONS["mpath"])
    if binary != "multipathd":
        cmd[0] = binary
    out = open(f"/xchg/{re.sub(r'[^A-Za-z0-9]+', '_', label)}.log", "w")
    t0 = bench.now()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env})
    try:
        bench.wait_for(lambda: bench.complete_maps() == bench.SETTINGS["luns"], 300)
        seconds = bench.now() - t0
        bench.wait_for(bench.socket_answers_all_maps, 60)
        bench.settle()
        time.sleep(2)
        report(label, proc.pid, seconds)
        trips = []
        for _ in range(20):
            t = bench.now()
            bench.ask("show paths")
            trips.append(bench.now() - t)
        cpu0 = bench.proc_cpu(proc.pid)
        time.sleep(WINDOW)
        cpu = bench.proc_cpu(proc.pid) - cpu0
        checks = bench.SETTINGS["luns"] * bench.SETTINGS["paths"] * WINDOW / bench.SETTINGS["interval"]
        print(f"   show paths median {statistics.median(trips) * 1000:.2f} ms; idle CPU {cpu:.2f} s = "
              f"{cpu / checks * 1e6:.0f} us per check; RSS after the window {bench.proc_mem(proc.pid)[0]} KiB", flush=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
        out.close()


def main():
    os.makedirs("/etc/multipath", exist_ok=True)
    bench.write(bench.CONF, bench.CONFIG)
    variants = [v.split("|") for v in os.environ["VARIANTS"].split(";") if v]
    for label, binary, env, thp in variants:
        settings = dict(kv.split("=", 1) for kv in env.split(",") if kv)
        one(label, binary, settings, thp)


if __name__ == "__main__":
    main()
