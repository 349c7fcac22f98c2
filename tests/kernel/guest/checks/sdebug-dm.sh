# dm operations through mpath's own libdevmapper adapter (sourced by sdebug.sh; P0/D0..D3/SECTORS/wwid0 set).

# --- create: two path groups of two paths, round-robin, no hardware handler
TABLE="0 0 2 1 round-robin 0 2 1 $D0 1 $D1 1 round-robin 0 2 1 $D2 1 $D3 1"
out=$("$MPATH" dm create kt_a "mpath-$wwid0" "$SECTORS" "$TABLE" 2>&1); rc=$?
same "dm create rc" 0 "$rc"
same "dm create: kernel table" "0 $SECTORS multipath $TABLE" "$(dmsetup table kt_a 2>&1 | sed 's/ *$//')"
same "dm create: uuid" "mpath-$wwid0" "$(dmsetup info -c --noheadings -o uuid kt_a 2>&1)"
[ -b /dev/mapper/kt_a ] && pass "dm create: udev made /dev/mapper/kt_a" || fail "dm create: udev made /dev/mapper/kt_a" "$(ls -l /dev/mapper)"
same "dm table matches dmsetup" "$(dmsetup table kt_a | sed 's/ *$//')" "$("$MPATH" dm table kt_a 2>&1 | sed 's/ *$//')"
same "dm status matches dmsetup" "$(dmsetup status kt_a | sed 's/ *$//')" "$("$MPATH" dm status kt_a 2>&1 | sed 's/ *$//')"
contains "dm list shows the map with its target type" "^kt_a	[0-9]+:[0-9]+	multipath$" "$("$MPATH" dm list 2>&1)"
contains "dm info: open count 0" "name=kt_a uuid=mpath-$wwid0 dev=[0-9]+:[0-9]+ open=0 " "$("$MPATH" dm info kt_a 2>&1)"
same "initial group states" "A E" "$(group_states kt_a)"

# --- errors name the device, the operation and errno
out=$("$MPATH" dm create kt_a "mpath-x$wwid0" "$SECTORS" "$TABLE" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q 'kt_a: create failed: File exists (errno 17)' <<< "$out" \
  && pass "dm create of an existing name fails with device, operation and errno" \
  || fail "dm create of an existing name fails with device, operation and errno" "rc=$rc $out"
out=$("$MPATH" dm message nosuchmap fail_path "$D0" 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q 'nosuchmap: message .* failed: No such device or address (errno 6)' <<< "$out" \
  && pass "dm message to a missing map reports ENXIO" || fail "dm message to a missing map reports ENXIO" "rc=$rc $out"

# --- waiting for a dm event (fail_path raises one)
ev=$(dmsetup info -c --noheadings -o events kt_a | tr -d ' ')
timeout 60 "$MPATH" dm wait kt_a "$ev" > /tmp/wait.out 2>&1 &
waiter=$!
# --- messages
"$MPATH" dm message kt_a fail_path "$D1"
same "fail_path shows F in dmsetup status" "F" "$(path_state kt_a "$D1")"
wait "$waiter"; rc=$?
same "dm wait returns the new event number after fail_path" "0 $(dmsetup info -c --noheadings -o events kt_a | tr -d ' ')" "$rc $(cat /tmp/wait.out)"
dd if=/dev/urandom of=/tmp/pattern bs=4k count=64 status=none
if dd if=/tmp/pattern of=/dev/mapper/kt_a bs=4k oflag=direct status=none 2>/tmp/dd.err &&
   dd if=/dev/mapper/kt_a of=/tmp/back bs=4k count=64 iflag=direct status=none 2>>/tmp/dd.err &&
   cmp -s /tmp/pattern /tmp/back; then
  pass "I/O through the map with a failed path (write, read back, compare)"
else
  fail "I/O through the map with a failed path (write, read back, compare)" "$(cat /tmp/dd.err)"
fi
"$MPATH" dm message kt_a reinstate_path "$D1"
same "reinstate_path shows A in dmsetup status" "A" "$(path_state kt_a "$D1")"
"$MPATH" dm message kt_a switch_group 2
same "switch_group 2 sets the next group" "2" "$(pg_next kt_a)"
dd if=/dev/mapper/kt_a of=/dev/null bs=4k count=16 iflag=direct status=none
same "after I/O the second group is active" "E A" "$(group_states kt_a)"
"$MPATH" dm message kt_a queue_if_no_path
contains "queue_if_no_path sets the queueing flag in the table" "^0 $SECTORS multipath 1 queue_if_no_path " "$(dmsetup table kt_a)"
"$MPATH" dm message kt_a fail_if_no_path
contains "fail_if_no_path clears it" "^0 $SECTORS multipath 0 0 " "$(dmsetup table kt_a)"

# --- reload: one group of four paths, service-time
TABLE2="1 queue_if_no_path 0 1 1 service-time 0 4 1 $D0 1 $D1 1 $D2 1 $D3 1"
check "dm reload rc 0" "$MPATH" dm reload kt_a "$SECTORS" "$TABLE2"
same "dm reload: kernel table" "0 $SECTORS multipath 1 queue_if_no_path 0 1 1 service-time 0 4 2 $D0 1 1 $D1 1 1 $D2 1 1 $D3 1 1" "$(dmsetup table kt_a | sed 's/ *$//')"
contains "dm reload: map is live (not suspended)" "^State: +ACTIVE" "$(dmsetup info kt_a)"
"$MPATH" dm message kt_a fail_if_no_path

# --- suspend / resume
"$MPATH" dm suspend kt_a
contains "dm suspend" "^State: +SUSPENDED" "$(dmsetup info kt_a)"
"$MPATH" dm resume kt_a
contains "dm resume" "^State: +ACTIVE" "$(dmsetup info kt_a)"

# --- remove refuses an open map
exec 3</dev/mapper/kt_a
out=$("$MPATH" dm remove kt_a 2>&1); rc=$?
[ "$rc" = 1 ] && grep -q 'kt_a: remove failed: map is in use (open count 1)' <<< "$out" && dmsetup info kt_a >/dev/null 2>&1 \
  && pass "dm remove refuses an open map and leaves it" || fail "dm remove refuses an open map and leaves it" "rc=$rc $out"
exec 3<&-
out=$("$MPATH" dm remove kt_a 2>&1); rc=$?
[ "$rc" = 0 ] && ! dmsetup info kt_a >/dev/null 2>&1 && pass "dm remove removes an unused map" || fail "dm remove removes an unused map" "rc=$rc $out"
