#!/usr/bin/env bash
# Runs each named libFuzzer target (built by `make fuzz` as build/fuzz/fuzz_<target>) for SECONDS
# with its seed corpus and dictionary, one after the other, and prints per target the runs,
# executions per second, coverage (cov/ft from libFuzzer's last status line) and corpus growth.
# New inputs go to build/fuzz-corpus/<target>, crashes to build/fuzz-crashes/<target>, the full
# output to build/fuzz-logs/<target>.log. Exits 1 when any target found a crash.
# Usage: tests/fuzz/run.sh SECONDS TARGET...
set -u
secs=${1:?usage: $0 SECONDS TARGET...}; shift
status=0
summary=()
for t in "$@"; do
	bin=build/fuzz/fuzz_$t
	corpus=build/fuzz-corpus/$t crashes=build/fuzz-crashes/$t log=build/fuzz-logs/$t.log
	mkdir -p "$corpus" "$crashes" build/fuzz-logs
	dict=()
	[ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
	echo "fuzz: $t for ${secs}s (log: $log)"
	start=$SECONDS
	# The first corpus directory receives new inputs; the seeds in the repository stay as
	# they are. -timeout: an input that takes over 25 s is a hang, and a finding.
	"$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -max_len=4096 \
	    -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" \
	    "$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	took=$((SECONDS - start))
	last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)
	cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
	ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
	corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log")
	eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log")
	new=$(sed -nE 's/^stat::new_units_added: *([0-9]+).*/\1/p' "$log")
	rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+).*/\1/p' "$log")
	line=$(printf '%-9s %5ss  runs %-10s exec/s %-6s cov %-5s ft %-6s corpus %-12s new %-5s rss %sMB' \
	    "$t" "$took" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${new:-?}" \
	    "${rss:-?}")
	if [ "$rc" -ne 0 ]; then
		status=1
		line="$line  CRASH (exit $rc)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|.*contract broken)' \
		    "$log" | head -n 8
	fi
	echo "$line"
	summary+=("$line")
done
echo "fuzz: summary"
printf '  %s\n' "${summary[@]}"
exit $status
