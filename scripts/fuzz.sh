#!/usr/bin/env bash
# Fuzzes the scenario, sweep-file and bench-workload loaders with libFuzzer for a fixed time
# (default an hour): builds Fuzz/ with -sanitize=fuzzer,address, seeds it with every scenario
# the repository ships or tests, and runs it. See docs/fuzzing.md.
#
#   scripts/fuzz.sh [--seconds N]
#
# Leaves everything in out/fuzz/: corpus/ (kept between runs, so each run starts where the
# last stopped), findings/ (crash-*, timeout-*, oom-*, leak-*: the inputs that failed) and
# last-run.log. Exits 0 when the run found nothing, 1 on a finding (naming its input), 2 on
# a usage error.
set -euo pipefail

# All in a function, which bash reads whole before running it: editing this file during an
# hour-long run cannot change the run.
main() {
    cd "$(dirname "$0")/.."

    seconds=3600
    while [ $# -gt 0 ]; do
        case "$1" in
            --seconds) seconds="${2:-}"; shift 2 || shift ;;
            --seconds=*) seconds="${1#--seconds=}"; shift ;;
            -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
            *) echo "error: unknown argument '$1'; usage: scripts/fuzz.sh [--seconds N]" >&2; exit 2 ;;
        esac
    done
    [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "error: --seconds expects a whole number ≥ 1; found '$seconds'" >&2; exit 2; }

    eval "$(scripts/install-deps.sh)"
    swift build --package-path Fuzz -c release --product ScenarioFuzzer \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
        | { grep -v "Cannot export local symbol" || true; } >&2  # the linker's noise about ASan's thunks
    fuzzer=Fuzz/.build/release/ScenarioFuzzer

    work=out/fuzz
    mkdir -p "$work/corpus" "$work/findings"
    rm -rf "$work/seeds" && mkdir -p "$work/seeds"

    # Rewrites a seed's relative file paths (geodata:, file:, scenario:) as seen from scenarios/,
    # where the fuzz target pretends every input lies, so that the seed loads as it does in place.
    rebase() {
        local dir line pattern='^([[:space:]-]*(geodata|file|scenario):[[:space:]]*)([^[:space:]#"{}]+)(.*)$'
        dir=$(dirname "$1")
        while IFS= read -r line || [ -n "$line" ]; do
            if [[ $line =~ $pattern ]] && [[ ${BASH_REMATCH[3]} != /* ]]; then
                line="${BASH_REMATCH[1]}$(realpath -m --relative-to=scenarios "$dir/${BASH_REMATCH[3]}")${BASH_REMATCH[4]}"
            fi
            printf '%s\n' "$line"
        done < "$1"
    }
    for seed in scenarios/*.yaml Tests/CLITests/Fixtures/*.yaml Tests/CLITests/Fixtures/sweep/*.yaml \
                Tests/BorderSimIOTests/Fixtures/scenarios/*.yaml Tests/BorderSimIOTests/Fixtures/fuzz/* Fuzz/seeds/*; do
        [ -f "$seed" ] || continue
        rebase "$seed" > "$work/seeds/$(echo "$seed" | tr / -)"
    done

    echo "fuzzing for $seconds s: $(ls "$work/corpus" | wc -l) inputs in $work/corpus, $(ls "$work/seeds" | wc -l) seeds;" \
         "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee "$work/last-run.log"
    # -timeout: one input taking over 30 s is a hang. The target's ASan and coverage build is
    # slow: the shipped 40-day scenario, which a debug build of the tool validates in 0.5 s, takes
    # 6-12 s here on 2 busy cores, so a 10 s limit would report the machine's load.
    # -rss_limit_mb: over 2 GB is a blow-up.
    status=0
    "$fuzzer" -max_total_time="$seconds" -timeout=30 -report_slow_units=30 -rss_limit_mb=2048 -dict=Fuzz/scenario.dict \
        -artifact_prefix="$work/findings/" -print_final_stats=1 "$work/corpus" "$work/seeds" \
        2>&1 | tee -a "$work/last-run.log" || status=$?
    echo "finished $(date -u +%FT%TZ); load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/last-run.log"

    if [ "$status" -eq 72 ]; then  # libFuzzer's code for SIGINT or SIGTERM
        echo "interrupted before $seconds s, with no finding; log: $work/last-run.log" >&2
        exit 130
    elif [ "$status" -ne 0 ]; then
        echo "error: the fuzzer found an input that crashes, hangs or exhausts memory (exit $status):" >&2
        find "$work/findings" -type f -newer "$work/seeds" | sed 's/^/  /' >&2  # this run's, not older ones
        echo "minimise it: $fuzzer -minimize_crash=1 -runs=10000 -timeout=30 INPUT; see docs/fuzzing.md" >&2
        exit 1
    fi
    echo "no crash, hang or blow-up in $seconds s; log: $work/last-run.log"
}

main "$@"
