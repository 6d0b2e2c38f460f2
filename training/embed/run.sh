#!/bin/sh
# Train and export the project's Vietnamese static embedding model (models/hoidap-vi-static).
# Deterministic (fixed seed and step count); ~15 min on an idle 2-core machine, under 60 min on a busy one.
# Needs Debian's Python packages (not pip):
#   apt-get update && apt-get install -y --no-install-recommends python3-torch python3-numpy python3-onnx
# Intermediate files go to $WORK (default /tmp/hoidap-embed), never into the repository.
set -eu
cd "$(dirname "$0")"
WORK=${WORK:-/tmp/hoidap-embed}
PY=${PY:-/usr/bin/python3}
export THREADS=${THREADS:-1}
mkdir -p "$WORK"
$PY prepare.py --work "$WORK" --bi-max 60000                    # ~20 s: tokenize, vocabulary, ids
$PY train.py --work "$WORK" --steps 2000 --dim 256 --out weights.npz  # contrastive training, ~15 min
$PY export.py --work "$WORK" --weights "$WORK/weights.npz"      # -> ../../models/hoidap-vi-static
$PY evaluate.py --work "$WORK" --weights "$WORK/weights.npz" --bm25
node check-model.mjs --dtype q8
