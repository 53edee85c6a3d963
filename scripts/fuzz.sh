#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each, one at a time (one libFuzzer
# process, one thread: the machine is shared), and fails if any found a crash, a
# stack overflow, a timeout or a slow input.
#   scripts/fuzz.sh SECONDS [TARGET...]
# New corpus entries go to fuzz/corpus/<target>/ (not committed); the committed seeds
# in fuzz/seeds/<target>/ are read too. Crashes land in fuzz/artifacts/<target>/;
# logs in fuzz/logs/<target>.log, with libFuzzer's final statistics.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(template render_data batch_jsonl sms_info negotiate lint_source catalog_file)

# Longest input per target: templates and records as large as a real one, with room;
# the worst-case search only runs on SMS sources up to 4 KiB; a compiled catalog (the
# demo one is about 120 KiB) with room to grow.
max_len() {
  case $1 in
    template) echo 8192 ;; lint_source) echo 4096 ;; render_data) echo 4096 ;;
    batch_jsonl) echo 16384 ;; sms_info) echo 16384 ;; negotiate) echo 2048 ;;
    catalog_file) echo 262144 ;;
  esac
}
dict() {
  case $1 in
    template | lint_source) echo "-dict=dicts/template.dict" ;;
    render_data | batch_jsonl | catalog_file) echo "-dict=dicts/json.dict" ;;
  esac
}

cd fuzz
# -s none: tidings is safe Rust, so AddressSanitizer finds nothing a panic would not,
# and costs half the speed. Release with debug assertions (cargo-fuzz's default), so
# arithmetic overflow panics too.
mkdir -p logs
cargo +nightly fuzz build -s none >logs/build.log 2>&1 || { cat logs/build.log; exit 2; }
failed=0
printf '%-12s %8s %12s %8s %s\n' target seconds executions corpus result
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  start=$(date +%s)
  # shellcheck disable=SC2046
  cargo +nightly fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
    $(dict "$t") -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1
  rc=$?
  took=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  corpus=$(find "corpus/$t" -type f | wc -l)
  if [ $rc -eq 0 ]; then result=clean; else
    result="FAILED (exit $rc): $(grep -m1 -oE "panicked at .*|ERROR: libFuzzer: .*|has overflowed its stack" "logs/$t.log" || true); see fuzz/logs/$t.log"
    failed=1
  fi
  printf '%-12s %8s %12s %8s %s\n' "$t" "$took" "${execs:-?}" "$corpus" "$result"
done
exit $failed
