#!/usr/bin/python3
"""Guest side of bench/vs-multipathd.sh: measures mpath's daemon and Debian's multipathd in the same boot, on the same
scsi_debug devices, alternating runs (mpath, multipathd, mpath, ...). Writes one JSON document to OUT.

Usage (inside the kernel-tier VM): vs_multipathd.py OUT.json   (settings from the environment, see SETTINGS below)

Python rather than shell: under TCG every fork+exec costs 50-300 ms, so the timed parts (polling for maps,
socket round trips, I/O during failover) must not fork.
"""
import json
import os
import re
import resource
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

SETTINGS = {
    "reps": int(os.environ.get("BENCH_REPS", "3")),            # runs per daemon
    "window": int(os.environ.get("BENCH_WINDOW", "60")),       # seconds of idle checking measured
    "interval": int(os.environ.get("BENCH_INTERVAL", "5")),    # polling_interval = max_polling_interval
    "luns": int(os.environ.get("LUNS", "1")),
    "paths": int(os.environ.get("PATHS", "2")),
    "listings": int(os.environ.get("BENCH_LISTINGS", "3")),    # listing commands per run
    "round_trips": int(os.environ.get("BENCH_ROUND_TRIPS", "20")),
    "storm_timeout": int(os.environ.get("BENCH_STORM_TIMEOUT", "60")),
    "failback_phases": int(os.environ.get("BENCH_FAILBACK_PHASES", "4")),  # repairs per run, spread over the interval
}
MPATH = os.environ["MPATH"]
SOCKET = "\0/org/kernel/linux/storage/multipathd"
CONF = "/etc/multipath.conf"
HZ = os.sysconf("SC_CLK_TCK")

# The same configuration file for both daemons: every attribute the figures depend on is spelled out.
CONFIG = f"""defaults {{
	find_multipaths no
	user_friendly_names yes
	polling_interval {SETTINGS['interval']}
	max_polling_interval {SETTINGS['interval']}
	failback immediate
	path_checker tur
	path_grouping_policy group_by_prio
	prio alua
	no_path_retry queue
}}
"""

DAEMONS = {
    "mpath": [MPATH, "daemon", "--config", CONF, "-v", "2"],
    "multipathd": ["multipathd", "-d", "-s", "-v", "2"],
}


def now():
    return time.monotonic()


def host_time():
    """The host's wall clock, read through the exchange directory (the 9p server stamps mtime with host time): a
    reference against which the guest's clock is checked. Under an overloaded TCG host a guest once calibrated its
    clock 20x fast, which made every guest-side figure of that boot meaningless."""
    with open("/xchg/.clock", "w") as f:
        f.write("x")
        f.flush()
        return os.fstat(f.fileno()).st_mtime


def log(msg):
    print(f"[{now():9.2f}] {msg}", flush=True)


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def run(cmd, timeout=600):
    """Runs CMD; returns (wall seconds, child CPU seconds, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = now()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, text=True)
    wall = now() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.stdout


def settle():
    t0 = now()
    subprocess.run(["udevadm", "settle", "-t", "900"], check=False)
    return now() - t0


def proc_cpu(pid):
    """utime+stime+cutime+cstime of PID in seconds."""
    fields = read(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / HZ


def proc_mem(pid):
    """(VmRSS, VmHWM) of PID in KiB."""
    text = read(f"/proc/{pid}/status")
    rss = int(re.search(r"VmRSS:\s+(\d+)", text).group(1))
    hwm = int(re.search(r"VmHWM:\s+(\d+)", text).group(1))
    return rss, hwm


def proc_mem_parts(pid):
    """(RssAnon, RssFile) of PID in KiB: heap and stacks against mapped binaries and libraries."""
    text = read(f"/proc/{pid}/status")
    return tuple(int(re.search(rf"{k}:\s+(\d+)", text).group(1)) for k in ("RssAnon", "RssFile"))


def multipath_maps():
    """{dm name: (map name, [slave sd names])} of every multipath map that is live (resumed, with a table)."""
    maps = {}
    for dm in os.listdir("/sys/block"):
        if not dm.startswith("dm-"):
            continue
        base = f"/sys/block/{dm}"
        if not read(f"{base}/dm/uuid").startswith("mpath-"):
            continue
        if read(f"{base}/dm/suspended") != "0" or read(f"{base}/size", "0") == "0":
            continue
        try:
            slaves = os.listdir(f"{base}/slaves")
        except OSError:
            slaves = []
        maps[dm] = (read(f"{base}/dm/name"), slaves)
    return maps


def maps_with_paths(n):
    return sum(1 for _, slaves in multipath_maps().values() if len(slaves) == n)


def complete_maps():
    return maps_with_paths(SETTINGS["paths"])


def wait_for(predicate, timeout, step=0.05):
    deadline = now() + timeout
    while now() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def ask(command, timeout=30.0):
    """One multipathd-protocol command on the control socket; returns the reply text."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(SOCKET)
        data = command.encode() + b"\0"
        s.sendall(struct.pack("=Q", len(data)) + data)
        head = b""
        while len(head) < 8:
            chunk = s.recv(8 - len(head))
            if not chunk:
                raise OSError("connection closed")
            head += chunk
        n = struct.unpack("=Q", head)[0]
        body = b""
        while len(body) < n:
            chunk = s.recv(n - len(body))
            if not chunk:
                raise OSError("connection closed")
            body += chunk
        return body.rstrip(b"\0").decode(errors="replace")
    finally:
        s.close()


def socket_answers_all_maps():
    try:
        reply = ask("show maps raw format %n", timeout=2)
    except OSError:
        return False
    return len([line for line in reply.splitlines() if line.strip()]) >= SETTINGS["luns"]


def flush_maps():
    subprocess.run(["multipath", "-F"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if multipath_maps():
        subprocess.run(["dmsetup", "remove_all", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for f in ("/etc/multipath/bindings", "/etc/multipath/wwids"):
        try:
            os.remove(f)
        except OSError:
            pass
    settle()
    left = multipath_maps()
    if left:
        raise RuntimeError(f"maps left after flush: {left}")


def dm_status_groups(name):
    """[(group state letter, [(maj:min, A|F)])] from `dmsetup status NAME`."""
    out = subprocess.run(["dmsetup", "status", name], stdout=subprocess.PIPE, text=True).stdout
    w = out.split()[3:]
    i = 0
    i += 1 + int(w[i])          # features
    i += 1 + int(w[i])          # hw handler
    npg = int(w[i]); i += 2      # groups, next group
    groups = []
    for _ in range(npg):
        state = w[i]; i += 1
        i += 1 + int(w[i])      # path selector status args
        np_, ns = int(w[i]), int(w[i + 1]); i += 2
        paths = []
        for _ in range(np_):
            paths.append((w[i], w[i + 1]))
            i += 3 + ns             # devt, A|F, fail count, selector args
        groups.append((state, paths))
    return groups


def sd_of(devt):
    return os.path.basename(os.readlink(f"/sys/dev/block/{devt}"))


def reads_done(sd):
    return int(read(f"/sys/block/{sd}/stat", "0").split()[0])


class Reader(threading.Thread):
    """Reads 4 KiB with O_DIRECT from a map in a loop, recording (issued, completed) times of every read."""

    def __init__(self, device):
        super().__init__(daemon=True)
        self.fd = os.open(device, os.O_RDONLY | os.O_DIRECT)
        self.stop = False
        self.done = []
        self.watch = []          # sd devices whose read counter is polled after every read
        self.watch_base = 0
        self.first_watch_hit = None

    def run(self):
        import mmap
        buf = mmap.mmap(-1, 4096)
        while not self.stop:
            t0 = now()
            try:
                os.preadv(self.fd, [buf], 0)
                ok = True
            except OSError:
                ok = False
            t1 = now()
            self.done.append((t0, t1, ok))
            if self.watch and self.first_watch_hit is None:
                if sum(reads_done(sd) for sd in self.watch) > self.watch_base:
                    self.first_watch_hit = t1
        os.close(self.fd)


def failover_failback(interval, phases):
    """Fails every path of the active group of the first map (scsi device state offline) while reading from the map,
    then repairs them; PHASES cycles, each repair a further 1/PHASES of the polling interval later than the last.
    Returns ([failover s], [failback s], detail): path fails -> first read completed through another group; path
    repaired -> first read completed through a repaired path (the daemon switched back to the best group).

    Why several phases: a repaired path is seen at its next check, 0 to one interval later, so one repair per run at a
    fixed delay samples one phase of the daemon's check schedule and compares the schedules, not the daemons. Repairs
    spread evenly over the interval sample every phase: the mean is the daemon's latency plus half an interval, the
    minimum about the latency alone."""
    maps = sorted(name for name, _ in multipath_maps().values())
    name = maps[0]
    failovers, failbacks = [], []
    reader = Reader(f"/dev/mapper/{name}")
    reader.start()
    victims = []
    try:
        time.sleep(1.0)
        for k in range(phases):
            groups = dm_status_groups(name)
            active = [g for g in groups if g[0] == "A"]
            if not active:
                return failovers, failbacks, f"no active group in {groups} (cycle {k + 1})"
            victims = [sd_of(devt) for devt, _ in active[0][1]]
            t_fail = now()
            for sd in victims:
                write(f"/sys/block/{sd}/device/state", "offline\n")  # the kernel wants the newline
            wait_for(lambda: any(t0 >= t_fail and ok for t0, _, ok in reader.done), 60, step=0.005)
            after = [t1 for t0, t1, ok in reader.done if t0 >= t_fail and ok]
            failovers.append(after[0] - t_fail if after else None)
            # let the daemon see the failed paths (one check interval and a margin), then repair at this cycle's phase
            time.sleep(interval + 2 + k * interval / phases)
            reader.first_watch_hit = None
            reader.watch_base = sum(reads_done(sd) for sd in victims)
            reader.watch = victims
            t_repair = now()
            for sd in victims:
                write(f"/sys/block/{sd}/device/state", "running\n")
            wait_for(lambda: reader.first_watch_hit is not None, 6 * interval + 10, step=0.01)
            failbacks.append(reader.first_watch_hit - t_repair if reader.first_watch_hit else None)
            reader.watch = []
            time.sleep(1.0)
    finally:
        # the map must not stay open (the next run flushes it) nor its paths offline
        reader.stop = True
        reader.join(30)
        for sd in victims:
            if read(f"/sys/block/{sd}/device/state") == "offline":
                write(f"/sys/block/{sd}/device/state", "running\n")
    return failovers, failbacks, f"map {name}, failed the active group's paths {phases} times"


def uevent_storm(timeout):
    """Adds one scsi_debug host (one more path to every LUN: LUNS add uevents at once) and returns the seconds until
    every map holds the new path (None when not within TIMEOUT), and the number of paths added. The host is removed
    again afterwards."""
    want = SETTINGS["paths"] + 1
    t0 = now()
    write("/sys/bus/pseudo/drivers/scsi_debug/add_host", "1")
    ok = wait_for(lambda: maps_with_paths(want) == SETTINGS["luns"], timeout, step=0.1)
    elapsed = now() - t0 if ok else None
    settle()
    write("/sys/bus/pseudo/drivers/scsi_debug/add_host", "-1")
    settle()
    return elapsed, SETTINGS["luns"]


def one_run(daemon, rep):
    r = {"daemon": daemon, "rep": rep}
    try:
        flush_maps()
    except Exception as e:  # noqa: BLE001 - reported, the next run tries again
        r["error"] = f"flush before the run: {e}"
        log(f"{daemon} run {rep}: {json.dumps(r)}")
        return r
    out = open(f"/xchg/{daemon}-{rep}.log", "w")
    h0, g0 = host_time(), now()
    t0 = now()
    proc = subprocess.Popen(DAEMONS[daemon], stdout=out, stderr=subprocess.STDOUT)
    pid = proc.pid
    try:
        if not wait_for(lambda: complete_maps() == SETTINGS["luns"], 600, step=0.05):
            r["error"] = f"only {complete_maps()} of {SETTINGS['luns']} maps after 600 s"
            return r
        r["start_to_maps_s"] = now() - t0
        r["cpu_at_maps_s"] = proc_cpu(pid)
        wait_for(socket_answers_all_maps, 120, step=0.05)
        r["start_to_socket_s"] = now() - t0
        r["udev_settle_after_maps_s"] = settle()
        time.sleep(2)
        r["cpu_startup_s"] = proc_cpu(pid)
        r["rss_startup_kib"], r["hwm_startup_kib"] = proc_mem(pid)

        trips = []
        for _ in range(SETTINGS["round_trips"]):
            t = now(); reply = ask("show paths"); trips.append(now() - t)
        r["show_paths_lines"] = len(reply.splitlines())
        r["show_paths_round_trip_s"] = statistics.median(trips)

        topo, ll = [], []
        for _ in range(SETTINGS["listings"]):
            c0 = proc_cpu(pid)
            wall, cpu, text = run(["multipathd", "show", "topology"])
            topo.append((wall, cpu, proc_cpu(pid) - c0))
            lister = ["multipath", "-ll"] if daemon == "multipathd" else [MPATH, "list"]
            wall, cpu, text2 = run(lister)
            ll.append((wall, cpu))
        r["topology_lines"] = len(text.splitlines())
        r["list_lines"] = len(text2.splitlines())
        r["show_topology_wall_s"] = statistics.median(x[0] for x in topo)
        r["show_topology_client_cpu_s"] = statistics.median(x[1] for x in topo)
        r["show_topology_daemon_cpu_s"] = statistics.median(x[2] for x in topo)
        r["list_wall_s"] = statistics.median(x[0] for x in ll)
        r["list_cpu_s"] = statistics.median(x[1] for x in ll)

        window = SETTINGS["window"]
        c0 = proc_cpu(pid)
        time.sleep(window)
        cpu = proc_cpu(pid) - c0
        checks = SETTINGS["luns"] * SETTINGS["paths"] * window / SETTINGS["interval"]
        r["window_cpu_s"] = cpu
        r["cpu_per_check_us"] = cpu / checks * 1e6
        r["rss_window_kib"], r["hwm_window_kib"] = proc_mem(pid)
        r["rss_anon_window_kib"], r["rss_file_window_kib"] = proc_mem_parts(pid)

        fo, fb, detail = failover_failback(SETTINGS["interval"], SETTINGS["failback_phases"])
        r["failover_detail"] = detail
        r["failovers_s"], r["failbacks_s"] = fo, fb
        done_fo = [x for x in fo if x is not None]
        done_fb = [x for x in fb if x is not None]
        # a cycle that never switched back is a missing value (None), as a storm that timed out
        r["failover_s"] = statistics.median(done_fo) if len(done_fo) == len(fo) and fo else None
        r["failback_s"] = statistics.mean(done_fb) if len(done_fb) == len(fb) and fb else None
        r["failback_min_s"] = min(done_fb) if len(done_fb) == len(fb) and fb else None
        settle()

        storm, added = uevent_storm(SETTINGS["storm_timeout"])
        r["storm_s"], r["storm_paths"] = storm, added
        r["cpu_total_s"] = proc_cpu(pid)
        return r
    except Exception as e:  # keep the other runs: one failed run is reported, not fatal
        import traceback
        r["error"] = f"{type(e).__name__}: {e} at " + " <- ".join(
            f"{f.name}:{f.lineno}" for f in reversed(traceback.extract_tb(e.__traceback__)))
        return r
    finally:
        # guest seconds per host second over the run: far from 1 means the guest clock is wrong, not the daemon
        r["guest_clock_rate"] = (now() - g0) / max(host_time() - h0, 1e-3)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()
        log(f"{daemon} run {rep}: {json.dumps(r)}")


def main():
    out = sys.argv[1]
    os.makedirs("/etc/multipath", exist_ok=True)
    write(CONF, CONFIG)
    doc = {
        "settings": SETTINGS,
        "config": CONFIG,
        "kernel": os.uname().release,
        "guest_cpus": os.cpu_count(),
        "guest_mem_kib": int(re.search(r"MemTotal:\s+(\d+)", read("/proc/meminfo")).group(1)),
        "sd_devices": len([d for d in os.listdir("/sys/block") if d.startswith("sd")]),
        "multipath_tools": subprocess.run(["dpkg-query", "-W", "-f=${Version}", "multipath-tools"],
                                          stdout=subprocess.PIPE, text=True).stdout,
        "runs": [],
    }
    # Warm-up, not measured: the guest reads the host's files over 9p, so the first run of a binary pays for reading
    # it (mpath's 9 MB much more than multipathd's libraries); both get their files into the page cache first.
    import glob
    libs = subprocess.run(["ldd", "/sbin/multipathd", MPATH], stdout=subprocess.PIPE, text=True).stdout
    warm = [MPATH, "/sbin/multipathd", "/sbin/multipath"] + glob.glob("/lib/multipath/*") + \
        [w for w in libs.split() if w.startswith("/") and os.path.exists(w)]
    for f in warm:
        with open(os.path.realpath(f), "rb") as fh:
            while fh.read(1 << 20):
                pass
    for rep in range(1, SETTINGS["reps"] + 1):
        for daemon in ("mpath", "multipathd"):
            log(f"run {rep}: {daemon}")
            doc["runs"].append(one_run(daemon, rep))
            with open(out, "w") as f:
                json.dump(doc, f, indent=1)
    log("done")


if __name__ == "__main__":
    main()
