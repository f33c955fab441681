#!/usr/bin/env bash
# Fuzz gradbook's whole pipeline (text → tokens → syntax tree → evaluation → derivatives → rendering,
# and the files :save, :export, :load and load(…) write and read) with libFuzzer and AddressSanitizer.
# File access is confined to a fresh folder the fuzzer owns in /dev/shm (or the temporary folder), emptied
# after each input: an input that contains '/' or '~' anywhere runs with file access off, so it cannot name
# a file outside. FUZZ_FILES=no turns file access off for every input.
#
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags…]      default: 60 seconds
#   scripts/fuzz.sh --probe                                 exit 0 if this toolchain can build fuzzers
#   scripts/fuzz.sh --replay FILE…                          run saved inputs once (a crash reproduces)
#   (exit status 3: the fuzzer itself did not build, which is not a finding)
#
# Everything lives in the git-ignored scratch folder .build-fuzz:
#   gradbook-fuzz   the fuzzer: GradbookCore's sources + Fuzz/FuzzEntry.swift in one module, rebuilt
#                   when a source is newer than it (gradbook-fuzz-fuzzer with FUZZ_SANITIZE=fuzzer)
#   seeds/          the seed corpus, regenerated each run: every input of the transcript tests, each
#                   transcript as one whole session, and the lessons' gradbook blocks
#   corpus/         what the fuzzer has learned; kept between runs, so longer runs build on shorter ones
#   artifacts/      crash-*, timeout-*, oom-* inputs; replay with scripts/fuzz.sh --replay FILE
#   ledger.tsv      one line per run: date, sanitizers, patience (ms), seconds, executions, exit status
#
# One fuzz input is up to 8 cells separated by the byte 0x01 (see Fuzz/FuzzEntry.swift). A libFuzzer
# -timeout (default 20 s per input; AddressSanitizer makes the slowest legal input, a diff that hits
# the formula size limit, take several seconds) turns a hang into a timeout-* artifact. Pass -jobs=N -workers=N
# for parallel runs on a machine with cores to spare. Environment: FUZZ_TIMEOUT, FUZZ_RSS_MB, FUZZ_PATIENCE_MS
# (how long a cell runs before the fuzzer presses Ctrl-C; default 2000), FUZZ_FILES=no, FUZZ_TRACE_CMP=no (see below), and
# FUZZ_SOURCES=DIR to fuzz another copy of Sources/GradbookCore (a snapshot while the tree is mid-edit).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-fuzz
# FUZZ_SANITIZE=fuzzer drops AddressSanitizer for about twice the executions per second; Swift code is
# memory-safe outside its few unsafe pointers, so long runs can alternate the two builds on one corpus.
sanitize=${FUZZ_SANITIZE:-fuzzer,address}
binary=$scratch/gradbook-fuzz${FUZZ_SANITIZE:+-${FUZZ_SANITIZE//,/-}}
# FUZZ_TRACE_CMP=no leaves out libFuzzer's comparison tracing (a third of the time of each execution);
# the token dictionary already supplies the words a comparison would reveal.
coverage=()
if [ "${FUZZ_TRACE_CMP:-yes}" = "no" ]; then
  coverage=(-sanitize-coverage=edge,pc-table,inline-8bit-counters)
  binary=$binary-nocmp
fi
# Without a malloc stack per allocation, ASan costs a third less; a report still shows where it failed.
core=${FUZZ_SOURCES:-Sources/GradbookCore}
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
# Swift's backtracer would catch the crash before libFuzzer and leave no crash file (TOOLCHAIN.md §4).
export SWIFT_BACKTRACE=enable=no

if [ "${1:-}" = "--probe" ]; then
  probe=$(mktemp -d)
  trap 'rm -rf "$probe"' EXIT
  printf '%s\n' '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }' > "$probe/p.swift"
  swiftc -parse-as-library -sanitize=fuzzer,address "$probe/p.swift" -o "$probe/p" >/dev/null 2>&1
  exit $?
fi

build() {
  mkdir -p "$scratch"
  local sources
  sources=$(find "$core" Fuzz -name '*.swift' | sort)
  if [ -x "$binary" ] && [ -z "$(find "$core" Fuzz Sources/CMatrixKernels Sources/CNumberText Sources/CCreationRecord \( -name '*.swift' -o -name '*.[ch]' \) -newer "$binary" | head -1)" ]; then
    return
  fi
  echo "building $binary …"
  # Compile a snapshot, so an editor saving a file mid-build cannot fail it.
  local src=$binary-src
  rm -rf "$src"
  mkdir -p "$src"
  local i=0 file
  for file in $sources; do
    i=$((i + 1))
    cp "$file" "$src/$i-$(basename "$file")"
  done
  # GradbookCore imports three C targets (the matrix kernels, the number printer, the creation record): build each
  # as an object and describe its header in a module map. (The record counts deaths atomically here, as in the tests.)
  local kernels=$binary-kernels
  mkdir -p "$kernels"
  printf 'module CMatrixKernels {\n  header "%s"\n  export *\n}\nmodule CNumberText {\n  header "%s"\n  export *\n}\nmodule CCreationRecord {\n  header "%s"\n  export *\n}\n' \
    "$PWD/Sources/CMatrixKernels/include/MatrixKernels.h" "$PWD/Sources/CNumberText/include/NumberText.h" \
    "$PWD/Sources/CCreationRecord/include/CreationRecord.h" > "$kernels/module.modulemap"
  if ! clang -O2 -c Sources/CMatrixKernels/MatrixKernels.c -I Sources/CMatrixKernels/include -o "$kernels/MatrixKernels.o" > "$binary.log" 2>&1 ||
     ! clang -O2 -c Sources/CNumberText/NumberText.c -I Sources/CNumberText/include -o "$kernels/NumberText.o" >> "$binary.log" 2>&1 ||
     ! clang -O2 -c Sources/CCreationRecord/CreationRecord.c -I Sources/CCreationRecord/include -o "$kernels/CreationRecord.o" >> "$binary.log" 2>&1 ||
     ! swiftc -swift-version 6 -parse-as-library -sanitize="$sanitize" "${coverage[@]}" -O -module-name GradbookCore \
      -Xcc -fmodule-map-file="$kernels/module.modulemap" "$src"/*.swift "$kernels/MatrixKernels.o" "$kernels/NumberText.o" \
      "$kernels/CreationRecord.o" \
      -o "$binary" >> "$binary.log" 2>&1; then
    grep -v "Cannot export local symbol" "$binary.log" >&2 || true
    echo "fuzz.sh: the fuzzer did not build (see above)." >&2
    exit 3
  fi
}

if [ "${1:-}" = "--replay" ]; then
  shift
  build
  exec "$binary" -runs=1 "$@"
fi

seconds=${1:-60}
shift || true
build

# Seed corpus: every input of the transcripts, each transcript as one session (cells joined by 0x01),
# and every gradbook block of the lessons.
rm -rf "$scratch/seeds"
mkdir -p "$scratch/seeds" "$scratch/corpus" "$scratch/artifacts"
for file in Tests/TranscriptTests/Transcripts/*.transcript; do
  grep '^In \[' "$file" | sed 's/^In \[[0-9]*\]: //' | while IFS= read -r line; do
    printf '%s' "$line" > "$scratch/seeds/line-$(printf '%s' "$line" | sha1sum | cut -c1-16)"
  done
  grep '^In \[' "$file" | sed 's/^In \[[0-9]*\]: //' | head -8 | tr '\n' '\001' \
    > "$scratch/seeds/session-$(basename "$file" .transcript)"
done
# Sessions that write files and read them back (the fuzzer runs them in a folder of its own).
printf 'x = 2; y = x^2\001:save a.gb\001:save a.gb\001:load a.gb\001:reset\001:load a.gb; y' > "$scratch/seeds/files-save"
printf 'x = 1\001:save a.gb\001:save a.gb --force\001:export s.md\001:export s.md\001:export s.html --force\001:export g.dot x^2' \
  > "$scratch/seeds/files-export"
printf ':save a.csv\001load("a.csv")\001repeat 2 { :load a.gb }\001:load a.gb\001:export a.gb\001:save s.md' > "$scratch/seeds/files-load"
for file in lessons/*.md; do
  [ -e "$file" ] || continue
  awk '/^```gradbook/{on=1;next} /^```/{on=0} on' "$file" > "$scratch/seeds/lesson-$(basename "$file" .md)"
done

# Each run's executions go into a ledger, so "how much has this been fuzzed" has an answer.
set +e
"$binary" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-20}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
  -max_len=512 -dict=Fuzz/gradbook.dict -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 \
  "$@" "$scratch/corpus" "$scratch/seeds" 2>&1 | tee "$scratch/last-run.log"
status=${PIPESTATUS[0]}
set -e
# With -jobs=N, each worker writes its own fuzz-K.log here, statistics included. libFuzzer also echoes a
# job's log when the job ends, but not one still running when another crashed: count from the files, once.
logs=(fuzz-*.log)
if [ -e "${logs[0]}" ]; then
  # When one job crashes, libFuzzer exits without waiting for the others: stop them, so each writes its
  # statistics, and give them a moment to finish.
  pkill -INT -f -- "$binary -max_total_time" 2>/dev/null || true
  sleep 2
  executed=$(cat "${logs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' | awk '{ n += $1 } END { print n + 0 }')
  cat "${logs[@]}" >> "$scratch/last-run.log"
  rm -f "${logs[@]}"
else
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/last-run.log" | awk '{ n += $1 } END { print n + 0 }')
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$sanitize${coverage:+ (no trace-cmp)}" "${FUZZ_PATIENCE_MS:-2000}" "$seconds" \
  "${executed:-0}" "$status" >> "$scratch/ledger.tsv"
awk -F'\t' '{ total += $5 } END { printf "fuzz.sh: %d executions in this run; %d in %d runs recorded in .build-fuzz/ledger.tsv\n", $5, total, NR }' \
  "$scratch/ledger.tsv"
exit "$status"
