#!/usr/bin/env bash
# Scale benchmark of issue 17 (docs/benchmarks.md, "A/B statistics pushed down to DuckDB"): one run that
#   1. generates a seeded PARQUET_ROWS-row Parquet unit log with DuckDB SQL (generate.cs), and the same log shape at
#      CSV_ROWS rows as CSV and as Parquet;
#   2. runs `marketlab ab` (Release) with proportion, mean and ratio metrics, all with CUPED, on
#      a) the big Parquet through DuckDB, b) the CSV_ROWS Parquet through DuckDB, c) the CSV_ROWS CSV through DuckDB
#      (--source duckdb:FILE.csv) and d) the same CSV through the in-memory streaming reader (--input FILE.csv);
#   3. prints wall time, rows/s and peak resident memory (GNU time's maximum RSS, whole process, DuckDB included).
# Usage: bash scripts/sql-scale/run.sh [PARQUET_ROWS=100000000] [CSV_ROWS=10000000]   (files under $MARKETLAB_BENCH_DIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
big=${1:-100000000}
small=${2:-10000000}
dir=${MARKETLAB_BENCH_DIR:-/tmp/marketlab-sql-scale}
mkdir -p "$dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/Cli -c Release -v q -nologo >/dev/null
ml=src/Cli/bin/Release/net10.0/linux-x64/marketlab
for spec in "$big:$dir/units-$big.parquet" "$small:$dir/units-$small.parquet" "$small:$dir/units-$small.csv"; do
  rows=${spec%%:*}; file=${spec#*:}
  [[ -f "$file" ]] || dotnet run scripts/sql-scale/generate.cs -- "$rows" "$file"
done

metrics=(--arm arm --control control
  --metric conversion:proportion:converted revenue:mean ctr:ratio:clicks/impressions
  --covariate conversion=converted_pre revenue=revenue_pre ctr=clicks_pre/impressions_pre)

echo
echo "| path | rows | file | wall s | rows/s | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|"
measure() { # label rows file args...
  local label=$1 rows=$2 file=$3; shift 3
  local out; out=$( { /usr/bin/time -f "TIME %e %M" "$ml" ab "$@" "${metrics[@]}" --json "$dir/$label.json" >/dev/null; } 2>&1 | grep '^TIME' )
  read -r _ wall kb <<<"$out"
  awk -v l="$label" -v r="$rows" -v f="$(du -m "$file" | cut -f1)" -v w="$wall" -v k="$kb" \
    'BEGIN { printf "| %s | %\047d | %d MB | %.1f | %\047d | %d MB |\n", l, r, f, w, r / w, k / 1024 }'
}
measure "duckdb-parquet-$big" "$big" "$dir/units-$big.parquet" --input "$dir/units-$big.parquet"
measure "duckdb-parquet-$small" "$small" "$dir/units-$small.parquet" --input "$dir/units-$small.parquet"
measure "duckdb-csv-$small" "$small" "$dir/units-$small.csv" --source "duckdb:$dir/units-$small.csv"
measure "memory-csv-$small" "$small" "$dir/units-$small.csv" --input "$dir/units-$small.csv"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
