#!/usr/bin/env bash
# usage: same_as_one_process.sh RESIM MPIEXEC RANKS ARGS...
# Runs `resim ARGS` alone, then under `mpirun -n RANKS`, with @OUT@ in ARGS standing for an
# output prefix, and requires every file the single process wrote to be byte for byte the one
# the ranks wrote (issue 12: MPI runs equal the single process).
set -euo pipefail
resim=$1 mpiexec=$2 ranks=$3
shift 3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$resim" "${@//@OUT@/$dir/single}"
"$mpiexec" --allow-run-as-root --oversubscribe -n "$ranks" "$resim" "${@//@OUT@/$dir/mpi}"
compared=0
for single in "$dir"/single*; do
  mpi=$dir/mpi${single#"$dir"/single}
  cmp "$single" "$mpi"
  compared=$((compared + 1))
done
[ "$compared" -gt 0 ] || { echo "no output to compare"; exit 1; }
# Rank 0 alone writes: no file but the single process's counterparts.
[ "$(ls "$dir" | grep -c '^mpi')" -eq "$compared" ]
echo "mpirun -n $ranks: $compared files identical to the single process's"
