# Sourced by tests/run.sh and tests/valgrind.sh: run_one NAME CMD... runs one test process and
# adds its closing "N passed, N failed" line to total_pass and total_fail (a missing line or a
# failing exit status counts as a failure). TEST_TIMEOUT (seconds, 0: none) bounds each one.
total_pass=0 total_fail=0
run_one() {
	local name=$1; shift
	local out rc line p f t0=$SECONDS
	out=$(timeout "${TEST_TIMEOUT:-0}" "$@" 2>&1); rc=$?
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
		echo "FAIL $name ($p passed, $f failed, exit $rc, $((SECONDS - t0)) s)"
	else
		echo "ok   $name ($p passed, $((SECONDS - t0)) s)"
	fi
}
