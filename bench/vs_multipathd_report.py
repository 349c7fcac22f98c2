#!/usr/bin/env python3
"""Turns the raw results of bench/vs-multipathd.sh (OUT/host.env, OUT/boot-N/bench.json) into the "mpath vs
multipathd" section of bench/RESULTS.md and the headline table of README.md (each between its marker comments).

Usage: vs_multipathd_report.py --out DIR --sizes "16 64" [--results RESULTS.md --readme README.md]
Without --results/--readme the section is only printed.
"""
import argparse
import json
import os
import statistics

BEGIN, END = "<!-- vs-multipathd:begin -->", "<!-- vs-multipathd:end -->"
HEAD_BEGIN, HEAD_END = "<!-- vs-multipathd-headline:begin -->", "<!-- vs-multipathd-headline:end -->"

# key, label, scale, unit, target (highest allowed mpath/multipathd ratio of the medians; None: a breakdown row),
# absolute target for mpath
FIGURES = [
    ("start_to_maps_s", "start → all maps ready", 1, "s", 0.5, None),
    ("start_to_socket_s", "start → socket lists all maps", 1, "s", 1.0, None),
    ("cpu_at_maps_s", "CPU until all maps ready", 1, "s", 1.0, None),
    ("cpu_startup_s", "CPU for startup incl. the udev events of the new maps", 1, "s", 1.0, None),
    ("cpu_per_check_us", "CPU per path check (idle window)", 1, "µs", 0.5, None),
    ("rss_startup_kib", "RSS after startup", 1 / 1024, "MiB", 1.0, None),
    ("rss_window_kib", "RSS after the window", 1 / 1024, "MiB", 1.0, None),
    ("hwm_window_kib", "peak RSS (VmHWM) after the window", 1 / 1024, "MiB", 1.0, None),
    ("rss_anon_window_kib", "of which anonymous (heap, stacks)", 1 / 1024, "MiB", None, None),
    ("rss_file_window_kib", "of which file-backed (binary, libraries)", 1 / 1024, "MiB", None, None),
    ("show_paths_round_trip_s", "`show paths` socket round trip", 1000, "ms", 1.0, 20.0),
    ("show_topology_wall_s", "`multipathd show topology` wall", 1, "s", 1.0, None),
    ("show_topology_daemon_cpu_s", "daemon CPU per `show topology`", 1000, "ms", 1.0, None),
    ("list_wall_s", "`mpath list` vs `multipath -ll` wall", 1, "s", 1.0, None),
    ("list_cpu_s", "`mpath list` vs `multipath -ll` CPU", 1, "s", 1.0, None),
    ("failover_s", "failover (active group offline → I/O on another group)", 1000, "ms", 1.0, None),
    ("failback_s", "failback (paths repaired → I/O on the best group), mean over the repair phases", 1, "s", 1.0, None),
    ("failback_min_s", "failback, best repair phase (≈ the daemon's own latency)", 1, "s", 1.0, None),
    ("storm_s", "uevent storm (1 path added to every LUN → all in their maps)", 1, "s", 1.0, None),
]
HEADLINE = ["start_to_maps_s", "cpu_per_check_us", "rss_window_kib", "show_paths_round_trip_s", "list_wall_s",
            "failover_s", "failback_s", "storm_s"]


def load_env(path):
    env = {}
    if os.path.exists(path):
        for line in open(path):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    return env


def fmt(v):
    if v is None:
        return "n/a"
    if v == 0:
        return "0"
    a = abs(v)
    return f"{v:.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.2f}" if a >= 1 else f"{v:.3f}"


def values(runs, daemon, key, scale):
    # a key absent = the run failed before this step; None = measured but did not happen (a timeout)
    got = [r[key] for r in runs if r["daemon"] == daemon and key in r]
    ok = [v * scale for v in got if v is not None]
    return ok, len(got) - len(ok)


def mmm(vals, missing, storm_timeout=None, key=None):
    if not vals:
        if key == "storm_s" and missing:
            return f"not done within {storm_timeout} s"
        return "n/a"
    text = f"{fmt(min(vals))} / **{fmt(statistics.median(vals))}** / {fmt(max(vals))}"
    if missing:
        text += f" ({missing} run(s) n/a)"
    return text


def verdict(ratio, target, absolute, mp_med, unit):
    parts = []
    if target is None:
        parts.append("(breakdown, no target)")
    elif ratio is None:
        parts.append("n/a")
    elif ratio <= target:
        parts.append(f"met (≤ {target:g}×)")
    else:
        parts.append(f"**missed** by {(ratio / target - 1) * 100:.0f} % (target ≤ {target:g}×)")
    if absolute is not None and mp_med is not None:
        parts.append(f"{'met' if mp_med < absolute else '**missed**'} (< {absolute:g} {unit})")
    return "; ".join(parts)


def size_section(n, doc):
    runs = doc["runs"]
    s = doc["settings"]
    # a run whose guest clock did not keep the host's pace measured nothing trustworthy: left out, and said so
    bad = [r for r in runs if abs(r.get("guest_clock_rate", 1.0) - 1.0) > 0.1]
    runs = [r for r in runs if r not in bad]
    errors = [f"{r['daemon']} run {r['rep']}: {r['error']}" for r in runs if "error" in r]
    errors += [f"{r['daemon']} run {r['rep']}: left out, guest clock ran at {r['guest_clock_rate']:.2f}x the host's" for r in bad]
    lines = [f"### {n} LUNs × {s['paths']} paths ({doc['sd_devices']} sd devices)", "",
             f"Guest: {doc['guest_cpus']} vCPU (TCG), {doc['guest_mem_kib'] // 1024} MiB, kernel {doc['kernel']}; "
             f"{s['reps']} runs per daemon, alternating; idle window {s['window']} s at polling_interval "
             f"{s['interval']} s (= max_polling_interval); min / **median** / max; ratio = mpath median / multipathd median.",
             "", "| figure | mpath | multipathd | ratio | target |", "| --- | ---: | ---: | ---: | --- |"]
    headline = {}
    for key, label, scale, unit, target, absolute in FIGURES:
        mp, mp_missing = values(runs, "mpath", key, scale)
        md, md_missing = values(runs, "multipathd", key, scale)
        mp_med = statistics.median(mp) if mp else None
        md_med = statistics.median(md) if md else None
        ratio = mp_med / md_med if mp_med is not None and md_med else None
        if key == "storm_s" and not mp and mp_missing:
            ratio_text, ver = "n/a", "n/a (not supported: this build has no uevent handling, the new paths stayed out)"
        else:
            ratio_text = f"{ratio:.2f}" if ratio is not None else "n/a"
            ver = verdict(ratio, target, absolute, mp_med, unit)
        lines.append(f"| {label} ({unit}) | {mmm(mp, mp_missing, s['storm_timeout'], key)} | "
                     f"{mmm(md, md_missing, s['storm_timeout'], key)} | {ratio_text} | {ver} |")
        headline[key] = (label, unit, mp_med, md_med, ratio_text)
    if errors:
        lines += ["", "Failed runs: " + "; ".join(errors)]
    return lines, headline


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--results")
    ap.add_argument("--readme")
    a = ap.parse_args()
    env = load_env(os.path.join(a.out, "host.env"))
    docs = {}
    for n in a.sizes.split():
        path = os.path.join(a.out, f"boot-{n}", "bench.json")
        if os.path.exists(path):
            docs[n] = json.load(open(path))
    if not docs:
        raise SystemExit("vs_multipathd_report: no results under " + a.out)
    first = next(iter(docs.values()))
    size_mb = int(env.get("binary_bytes", "0")) / 1e6
    lines = [BEGIN, "## mpath vs multipathd, same VM boot, same devices (issue 9)", "",
             f"- Date: {env.get('date', '?')}; command: `bench/vs-multipathd.sh` (SIZES=\"{a.sizes}\", "
             f"REPS={first['settings']['reps']}, WINDOW={first['settings']['window']}, INTERVAL={first['settings']['interval']}).",
             f"- Host: {env.get('cpu', '?')}, {env.get('cpus', '?')} CPUs, {env.get('mem_gib', '?')} GiB, Linux {env.get('host_kernel', '?')}; "
             f"{env.get('qemu', '?')}; load average {env.get('load_before', '?')} before the boots"
             + "".join(f", {env[k]} after {k[len('load_after_'):]} LUNs" for k in env if k.startswith("load_after_"))
             + " (a shared machine: other builds ran at the same time).",
             f"- Guest: Debian kernel {first['kernel']} under qemu TCG (no KVM: every guest instruction is emulated, roughly "
             "25× slower than native), scsi_debug with `vpd_use_hostno=0` (every host reports the same LUNs; implicit ALUA, "
             "state by host number).",
             f"- Versions: multipath-tools {first['multipath_tools']} (Debian's multipathd, run as `multipathd -d -s -v 2`); "
             f"mpath commit {env.get('commit', '?')} (`mpath daemon -v 2`), NativeAOT, .NET SDK {env.get('dotnet', '?')}.",
             "- Same configuration file for both (below); maps flushed and bindings removed before every run, so every run "
             "creates its maps from scratch; only one daemon runs at a time.",
             f"- NativeAOT binary size: {size_mb:.1f} MB (target < 20 MB: {'met' if 0 < size_mb < 20 else '**missed**'}).",
             "", "```", first["config"].rstrip(), "```", "",
             "How each figure is taken (guest side: `bench/guest/vs_multipathd.py`, no forks in the timed parts): "
             "*start → all maps ready*: daemon started until sysfs shows every map live with all its paths; "
             "*CPU*: utime+stime (+ children) from /proc/PID/stat; *RSS*: VmRSS/VmHWM from /proc/PID/status, after startup "
             "= after the udev events of the new maps settled; *CPU per path check*: daemon CPU over the idle window divided "
             "by paths × window / polling_interval; *show paths round trip*: a Python client on the control socket, median "
             "of 20 per run; *show topology*: the stock `multipathd` client against each daemon (wall, and the daemon's CPU "
             "meanwhile); *failover*: O_DIRECT reads from the first map, every path of its active group set `offline` → "
             "first read issued afterwards that completes (median of the cycles below); *failback*: those paths set `running` again → first read that "
             "completes through one of them, repeated per run with the repair a further 1/N of the polling interval later "
             "each time (N = BENCH_FAILBACK_PHASES, default 4), because a repaired path is only seen at its next check: "
             "the mean over the phases is the daemon's latency plus about half an interval, the best phase about the "
             "latency alone (one repair per run at a fixed delay compared the daemons' check schedules, not the daemons); "
             "*uevent storm*: one more scsi_debug host (one new path per LUN) → every map "
             "holds the new path (udev's processing included).", ""]
    heads = {}
    for n, doc in docs.items():
        sec, heads[n] = size_section(n, doc)
        lines += sec + [""]
    lines.append(END)
    section = "\n".join(lines) + "\n"
    print(section)

    sizes = list(docs)
    hl = [HEAD_BEGIN, "| figure (median) | " + " | ".join(f"mpath / multipathd, {n}×4" for n in sizes) + " |",
          "| --- | " + " | ".join("---:" for _ in sizes) + " |"]
    for key in HEADLINE:
        label, unit = heads[sizes[0]][key][0], heads[sizes[0]][key][1]
        cells = []
        for n in sizes:
            _, _, mp, md, ratio = heads[n][key]
            cells.append(f"{fmt(mp)} / {fmt(md)} {unit} ({ratio}×)" if ratio != "n/a" else f"{fmt(mp)} / {fmt(md)} {unit}")
        hl.append(f"| {label} | " + " | ".join(cells) + " |")
    hl.append(f"| NativeAOT binary | {size_mb:.1f} MB |" + " |" * (len(sizes) - 1))
    hl.append("")
    hl.append(f"Source: `bench/vs-multipathd.sh`, {env.get('date', '?')}, qemu TCG guest on a shared 2-core host "
              "(noisy); details, min/max and targets in [bench/RESULTS.md](bench/RESULTS.md).")
    hl.append(HEAD_END)
    headline = "\n".join(hl) + "\n"

    def splice(path, begin, end, text, anchor):
        body = open(path).read()
        if begin in body:
            pre, rest = body.split(begin, 1)
            post = rest.split(end, 1)[1]
            body = pre + text.rstrip("\n") + post
        else:
            body = body.rstrip("\n") + "\n\n" + anchor + text
        open(path, "w").write(body)

    if a.results:
        splice(a.results, BEGIN, END, section, "")
    if a.readme:
        splice(a.readme, HEAD_BEGIN, HEAD_END, headline, "## Performance vs multipathd\n\n")


if __name__ == "__main__":
    main()
