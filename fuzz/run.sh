#!/bin/sh
# Runs every fuzz target for a fixed time (default 60 s each) and prints libFuzzer's figures.
# Usage: fuzz/run.sh [SECONDS]. Needs cargo-fuzz (`cargo install cargo-fuzz --locked`).
# libFuzzer's sanitizer flags are nightly features; RUSTC_BOOTSTRAP=1 lets a stable toolchain
# use them. CI runs the property tests in tests/hardening.rs, not these fuzzers.
set -eu
seconds="${1:-60}"
cd "$(dirname "$0")/.."
for target in frontmatter markdown; do
    corpus="fuzz/corpus/$target"
    if [ ! -d "$corpus" ]; then
        # Seed with the fixtures' and the bundled guide's Markdown files.
        mkdir -p "$corpus"
        find tests/fixtures content -name '*.md' -size -64k | while read -r f; do
            cp "$f" "$corpus/$(printf '%s' "$f" | tr '/ ' '__')"
        done
    fi
    echo "== $target: ${seconds} s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1
done
