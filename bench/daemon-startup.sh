#!/usr/bin/env bash
# Daemon startup inside the kernel-tier guest: time from exec to the control socket answering `show maps` with every
# map set up, starting each run from no maps (all flushed), for each daemon given. Run it in the VM, e.g.
#   LAB_ART=/var/tmp/mpath-lab-me tests/kernel/vm.sh -s sdebug:PATHS=4,LUNS=4 -o /tmp/x \
#     'bash bench/daemon-startup.sh 4 "mpath=/path/to/mpath daemon" "multipathd=multipathd -d -s"'
# Prints one line per daemon: name, runs, median and min milliseconds.
set -uo pipefail
want_maps=$1; shift
runs=${RUNS:-5}
cat > /tmp/startup.conf <<'CONF'
defaults {
	find_multipaths no
	user_friendly_names no
	config_dir /nonexistent
}
CONF
cp /tmp/startup.conf /etc/multipath.conf 2>/dev/null
# Polls the abstract socket every 5 ms; prints the milliseconds since START_NS once `show maps` lists WANT maps.
poll='
import socket, struct, sys, time
start, want = int(sys.argv[1]), int(sys.argv[2])
while True:
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect("\0/org/kernel/linux/storage/multipathd")
        cmd = b"show maps raw format %n\0"
        s.sendall(struct.pack("=Q", len(cmd)) + cmd)
        n = struct.unpack("=Q", s.recv(8))[0]
        data = b""
        while len(data) < n:
            data += s.recv(n - len(data))
        s.close()
        if len([l for l in data.rstrip(b"\0").decode().splitlines() if l.strip()]) >= want:
            print((time.monotonic_ns() - start) / 1e6)
            break
    except OSError:
        pass
    time.sleep(0.005)
'
for spec in "$@"; do
  name=${spec%%=*}; cmd=${spec#*=}
  times=()
  for _ in $(seq 1 "$runs"); do
    dmsetup remove_all > /dev/null 2>&1; rm -f /tmp/startup.lock
    start=$(python3 -c 'import time; print(time.monotonic_ns())')
    # multipathd reads /etc/multipath.conf (the same settings); mpath gets them with --config.
    if [ "$name" = multipathd ]; then extra=(); else extra=(--config /tmp/startup.conf --lock-file /tmp/startup.lock); fi
    $cmd "${extra[@]}" > /tmp/startup-$name.log 2>&1 &
    pid=$!
    ms=$(timeout 120 python3 -c "$poll" "$start" "$want_maps")
    times+=("${ms:-timeout}")
    kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
    # Whatever daemon this was, it must be gone (socket free) before the next run.
    for _ in $(seq 1 100); do
      python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.connect("\0/org/kernel/linux/storage/multipathd")' 2> /dev/null || break
      multipathd shutdown > /dev/null 2>&1; sleep 0.1
    done
  done
  printf '%s\t%s\t%s\n' "$name" "$runs" "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.0f ms, min %.0f ms", a[int((NR+1)/2)], a[1]}')"
done
