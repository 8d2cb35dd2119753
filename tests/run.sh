#!/usr/bin/env bash
# Runs every unit-test binary in BUILD/tests and every integration script in tests/integration,
# each in its own process, and adds up their closing "N passed, N failed" lines.
# Usage: tests/run.sh BUILD   (FUNNELBOT names the binary under test)
set -u
build=${1:-build}
export FUNNELBOT=${FUNNELBOT:-$build/funnelbot}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
. "$(dirname "$0")/count.sh"
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
