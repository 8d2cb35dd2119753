#!/usr/bin/env bash
# `make valgrind`: every unit-test binary in BUILD/tests (the fuzz corpus replays too) and an
# integration subset under valgrind's memcheck: no errors, no definite or indirect leaks.
# Each process writes its own log in BUILD/valgrind/; a process with an error there fails the run
# even where its test passed (an integration test does not see the exit status of every
# funnelbot it starts). The integration tests get the wrapper through FUNNELBOT_WRAP and scale
# their timeouts by FUNNELBOT_WRAP_SLOW (tests/integration/slackbot.py).
# Usage: tests/valgrind.sh BUILD   (a plain build: ASan and valgrind do not mix)
#   VALGRIND_OPTS=--track-origins=yes   more options for valgrind
#   VALGRIND_UNITS='test_store test_lex' (none: no unit test) to run fewer unit tests
#   VALGRIND_INTEGRATION='test_slack.py link_disabled_stops' fewer integration tests (' ': none)
set -u
build=${1:-build}
case $build in */san*) echo "valgrind: $build is a sanitizer build; use the plain one" >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
logs=$root/$build/valgrind
rm -rf "$logs" && mkdir -p "$logs"
export FUNNELBOT=$root/$build/funnelbot
# glib's slice allocator and its lazily freed caches look like leaks or hide errors otherwise
export G_SLICE=always-malloc G_DEBUG=gc-friendly
vg=(valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=40
	--suppressions="$root/tests/valgrind.supp" ${VALGRIND_OPTS:-})
# Integration tests, one a line: a file, then the names of the tests in it to run (none: all).
# The Slack tests run whole (their timeouts scale with FUNNELBOT_WRAP_SLOW); the chaos test in
# a shorter form (CHAOS_COMMANDS, default 300 here: kills, faults and restarts all happen).
integration=${VALGRIND_INTEGRATION:-"test_console.py
test_slack.py
test_chaos.py"}
export CHAOS_COMMANDS=${CHAOS_COMMANDS:-300}

export TEST_TIMEOUT=${VALGRIND_TIMEOUT:-1800}
. "$root/tests/count.sh"

for t in "$root/$build"/tests/test_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	if [ -n "${VALGRIND_UNITS:-}" ]; then
		case " $VALGRIND_UNITS " in *" $n "*) ;; *) continue ;; esac
	fi
	run_one "$n" "${vg[@]}" --log-file="$logs/$n.log" "$t"
done

export FUNNELBOT_WRAP="${vg[*]} --log-file=$logs/funnelbot.%p.log"
export FUNNELBOT_WRAP_SLOW=${FUNNELBOT_WRAP_SLOW:-20}
while read -r file names; do
	[ -n "$file" ] || continue
	# shellcheck disable=SC2086  # names are words
	run_one "$file${names:+ (${names// /, })}" python3 "tests/integration/$file" $names
done <<< "$integration"

# Every process's own verdict, from its log.
nlogs=0 bad=0
for l in "$logs"/*.log; do
	[ -f "$l" ] || continue
	nlogs=$((nlogs + 1))
	# the summary at exit, or an error reported on the way (a killed process has no summary)
	if grep -qE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|indirectly lost: [1-9]|^==[0-9]+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|Process terminating with default action of signal)' "$l"; then
		bad=$((bad + 1))
		echo "valgrind: errors in $l:"
		sed -n '1,200p' "$l"
	fi
done
errs=$(cat "$logs"/*.log 2>/dev/null | grep -oE 'ERROR SUMMARY: [0-9]+' | awk '{s += $3} END {print s + 0}')
echo "valgrind: $nlogs processes, $bad with errors ($errs errors in all); logs in $build/valgrind"
[ "$bad" -eq 0 ] || total_fail=$((total_fail + bad))
echo "valgrind $build: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
