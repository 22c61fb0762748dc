#!/usr/bin/env bash
# Compile time of the heaviest translation units (by the last build's .ninja_log) under two sets
# of debug-information flags, one after the other in the same run, one core each.
#
#   bench/bench_compile_flags.sh [UNITS] [FLAGS_A] [FLAGS_B]   default 6, "-O2 -g", "-O2 -g1"
#
# Needs a configured and built build/release (its compile_commands.json and .ninja_log).
set -euo pipefail
cd "$(dirname "$0")/../build/release"
units=${1:-6}
flags_a=${2:--O2 -g}
flags_b=${3:--O2 -g1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$units" "$flags_a" "$flags_b" "$out" <<'PY'
import json, os, shlex, subprocess, sys, time
units, flags_a, flags_b, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
durations = {}
with open('.ninja_log') as log:
    next(log)
    for line in log:
        start, end, _, target, _ = line.split('\t')
        if target.endswith('.o'):
            durations[target] = int(end) - int(start)
commands = {e['output'] if 'output' in e else shlex.split(e['command'])[shlex.split(e['command']).index('-o') + 1]: e
            for e in json.load(open('compile_commands.json'))}
heaviest = [t for t in sorted(durations, key=durations.get, reverse=True) if t in commands][:units]
def compile_with(entry, flags):
    words = [w for w in shlex.split(entry['command']) if w not in ('-O2', '-g', '-O3', '-g1')]
    i = words.index('-o')
    words[i + 1] = out + '/unit.o'
    words[1:1] = shlex.split(flags)
    start = time.monotonic()
    subprocess.run(words, cwd=entry["directory"], check=True, stderr=subprocess.DEVNULL)
    return time.monotonic() - start, os.path.getsize(out + '/unit.o')
print(f"| unit | {flags_a} | {flags_b} | ratio | object size ({flags_a} → {flags_b}) |")
print("|---|---|---|---|---|")
total_a = total_b = 0.0
for target in heaviest:
    a, size_a = compile_with(commands[target], flags_a)
    b, size_b = compile_with(commands[target], flags_b)
    total_a += a
    total_b += b
    print(f"| {target.split('.dir/')[-1]} | {a:.1f} s | {b:.1f} s | {b / a:.2f} | {size_a / 2**20:.1f} → {size_b / 2**20:.1f} MiB |")
print(f"| **all {len(heaviest)}** | {total_a:.1f} s | {total_b:.1f} s | {total_b / total_a:.2f} | |")
PY
