#!/usr/bin/env bash
# Fuzz gradbook's whole pipeline with libFuzzer (and AddressSanitizer).
#
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags…]     default: 60 seconds
#
# Builds .build-fuzz/gradbook-fuzz from GradbookCore's sources plus Fuzz/FuzzEntry.swift, seeds a corpus
# from the transcript tests and the lessons, and runs with a dictionary of the language's tokens.
# Crashes are written as crash-* files in the working directory; replay one with
#   .build-fuzz/gradbook-fuzz crash-<sha1>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true

mkdir -p .build-fuzz/corpus
swiftc -parse-as-library -sanitize=fuzzer,address -O -module-name GradbookCore \
  $(find Sources/GradbookCore -name '*.swift') Fuzz/FuzzEntry.swift -o .build-fuzz/gradbook-fuzz 2>&1 \
  | grep -v "Cannot export local symbol" || true

# Seed corpus: every input line of the transcripts, and every gradbook block of the lessons.
n=0
for file in Tests/TranscriptTests/Transcripts/*.transcript; do
  grep '^In \[' "$file" | sed 's/^In \[[0-9]*\]: //' | while IFS= read -r line; do
    printf '%s' "$line" > ".build-fuzz/corpus/seed-$(printf '%s' "$line" | sha1sum | cut -c1-16)"
  done
done
if ls lessons/*.md >/dev/null 2>&1; then
  for file in lessons/*.md; do
    awk '/^```gradbook/{on=1;next} /^```/{on=0} on' "$file" > ".build-fuzz/corpus/lesson-$(basename "$file")" || true
  done
fi

SWIFT_BACKTRACE=enable=no .build-fuzz/gradbook-fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
  -max_len=512 -dict=Fuzz/gradbook.dict "$@" .build-fuzz/corpus
