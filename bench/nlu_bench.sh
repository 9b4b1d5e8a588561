#!/usr/bin/env bash
# NLU quality bench, called by `make bench`.
#
# Default: a held-out split (80/20, fixed seed) trained with the real config.yml, so the figure
# describes the pipeline we ship; one NLU training, a couple of minutes on 2 cores.
# NLU_BENCH_MODE=cv runs `rasa test nlu --cross-validation --folds 3` instead (three trainings).
# Per-intent F1 and weighted F1 go into bench/RESULTS.md between the nlu markers.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RASA="$ROOT/.venv-rasa/bin/rasa"
PY="$ROOT/.venv/bin/python"
WORK="$ROOT/bench/.work/nlu"
MODE="${NLU_BENCH_MODE:-split}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
export TF_INTRA_OP_PARALLELISM_THREADS="${TF_INTRA_OP_PARALLELISM_THREADS:-2}"
export TF_INTER_OP_PARALLELISM_THREADS="${TF_INTER_OP_PARALLELISM_THREADS:-1}"

rm -rf "$WORK" && mkdir -p "$WORK"
cd "$ROOT"
start=$(date +%s)
if [[ "$MODE" == "cv" ]]; then
  "$RASA" test nlu -u data/nlu -c config.yml --cross-validation --folds 3 \
    --out "$WORK/results" > "$WORK/rasa.log" 2>&1
  report="$WORK/results/intent_report.json"
  method="3-fold cross-validation (\`rasa test nlu --cross-validation --folds 3\`)"
else
  "$RASA" data split nlu -u data/nlu --training-fraction 0.8 --random-seed 7 \
    --out "$WORK/split" > "$WORK/rasa.log" 2>&1
  "$RASA" train nlu -u "$WORK/split/training_data.yml" -c config.yml \
    --out "$WORK/models" --fixed-model-name nlu-bench >> "$WORK/rasa.log" 2>&1
  "$RASA" test nlu -u "$WORK/split/test_data.yml" -m "$WORK/models/nlu-bench.tar.gz" \
    --out "$WORK/results" >> "$WORK/rasa.log" 2>&1
  report="$WORK/results/intent_report.json"
  method="held-out split: 80% train / 20% test, seed 7 (\`rasa data split nlu\`)"
fi
elapsed=$(( $(date +%s) - start ))
cd "$ROOT" && "$PY" -m bench.nlu_report "$report" "$method" "$elapsed"
