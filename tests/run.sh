#!/usr/bin/env bash
# Runs every unit-test binary in BUILD/tests and every integration script in tests/integration,
# each in its own process, and adds up their closing "N passed, N failed" lines.
# Usage: tests/run.sh BUILD   (FUNNELBOT names the binary under test)
set -u
build=${1:-build}
export FUNNELBOT=${FUNNELBOT:-$build/funnelbot}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
total_pass=0 total_fail=0
run_one() {
	local name=$1; shift
	local out rc line p f
	out=$("$@" 2>&1); rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -n "$line" ]; then
		p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
	else
		p=0; f=1
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out" | tail -n 40
		echo "FAIL $name ($p passed, $f failed, exit $rc)"
	else
		echo "ok   $name ($p passed)"
	fi
}
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for t in tests/integration/*.sh tests/integration/test_*.py; do
	[ -f "$t" ] || continue
	case $t in *.py) run_one "$(basename "$t")" python3 "$t" ;; *) run_one "$(basename "$t")" bash "$t" ;; esac
done
echo "$build: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
