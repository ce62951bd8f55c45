#!/usr/bin/env bash
# The tokenization before/after table in docs/bert.md: every text of the shared text sets through the Python reference
# (google-research/bert's rules), Microsoft.ML.Tokenizers (bench --tokenizer-ids) and `marketlab bert tokenize`.
# Needs Debian's /usr/bin/python3 and ../shared. Usage: bash scripts/tokenizer-agreement.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
shared=$(cd .. && pwd)/shared
vocab=$shared/models/bert-base-uncased-vocab/vocab.txt
reference=tests/Experiments.Tests/Bert/References/bert_tokenization_reference.py
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
dotnet build bench -c Release -v quiet -nologo >/dev/null
/usr/bin/python3 scripts/tokenizer_agreement.py texts "$work" "$shared"
for input in "$work"/*.jsonl; do
  case $input in *.ref.jsonl|*.mlt.jsonl|*.ours.jsonl) continue ;; esac
  name=${input%.jsonl}
  /usr/bin/python3 "$reference" tokenize --vocab "$vocab" --input "$input" --out "$name.ref.jsonl"
  dotnet run -c Release --project bench --no-build -- --tokenizer-ids --input "$input" --out "$name.mlt.jsonl"
  dotnet run -c Release --project src/Cli --no-build -- bert tokenize --vocab "$vocab" --input "$input" --out "$name.ours.jsonl" >/dev/null
done
/usr/bin/python3 scripts/tokenizer_agreement.py table "$work"
