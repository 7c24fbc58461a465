#!/usr/bin/env bash
# Fuzz the scenario parser and engine for a fixed time: tests/fuzz/run.sh BUILD_DIR SECONDS
# BUILD_DIR was configured with CC=clang CXX=clang++ -DRESIM_FUZZ=ON (README, docs/limits.md).
# Seeds: every bundled scenario (descriptions dropped, so mutations hit structure rather than
# prose) and tests/fuzz/corpus/; a dictionary of every key and keyword in the JSON schema.
# Exits non-zero on a finding; the input that caused it is left in BUILD_DIR/fuzz/ as crash-*,
# timeout-*, oom-* or leak-*, reproducible with `BUILD_DIR/tests/fuzz/resim_fuzz_scenario FILE`.
set -euo pipefail
build=$(realpath "$1")
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$build/fuzz"
rm -rf "$work" && mkdir -p "$work/corpus"
cp "$here"/corpus/*.json "$work/corpus/"
/usr/bin/python3 - "$root" "$work" <<'PY'
import json, pathlib, sys
root, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k != "description"}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
for f in sorted(root.glob("scenarios/*.json")):
    text = json.dumps(strip(json.loads(f.read_text())), separators=(",", ":"))
    (work / "corpus" / f.name).write_text(text)
words = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "properties" and isinstance(v, dict):
                words.update(v)
            if k == "enum" and isinstance(v, list):
                words.update(x for x in v if isinstance(x, str))
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.loads((root / "docs/scenario.schema.json").read_text()))
words.update(["1e-300s", "0s", "1e308", "-1", "1y", "1ms", "\\u0000", "null", "true", "[]", "{}"])
with open(work / "scenario.dict", "w") as out:
    for w in sorted(words):
        out.write(json.dumps(json.dumps(w)) + "\n")
PY
cd "$work"
status=0
"$build/tests/fuzz/resim_fuzz_scenario" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=16384 -dict=scenario.dict -artifact_prefix="$work/" \
  -print_final_stats=1 corpus >log.txt 2>&1 || status=$?
grep -h '^stat::number_of_executed_units\|^stat::peak_rss_mb\|^stat::slowest_unit' log.txt || true
if [ "$status" -ne 0 ] || compgen -G "$work/crash-*" >/dev/null || compgen -G "$work/timeout-*" >/dev/null ||
  compgen -G "$work/oom-*" >/dev/null || compgen -G "$work/leak-*" >/dev/null; then
  grep -v '^#[0-9]' log.txt | tail -60 >&2
  echo "fuzz: FINDING (exit $status); the input is in $work" >&2
  exit 1
fi
echo "fuzz: no finding in ${seconds} s"
