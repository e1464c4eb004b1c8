#!/usr/bin/env bash
# GPU check for the generation engine, for a session that is lent a GPU machine (an H200 with
# 16 cores; no network there, no Node, no node_modules). Two halves:
#
#   scripts/device-check.sh pack   # HERE (the dev box): packs Node + a pruned node_modules
#                                  # (Vulkan build of node-llama-cpp only) into .device-carry/
#                                  # and, if absent, the Vulkan loader debs into .gl/ (see the
#                                  # device README). Both folders are git-excluded.
#   run(command: "bash scripts/device-check.sh", carry: [".device-carry", ".gl"], timeout_s: 420)
#                                  # THERE: unpacks, then runs in < 6 min, each step under its own
#                                  # timeout, everything logged to $OUT:
#   Seen 2026-11-28: node-llama-cpp's Vulkan build loads there only with the full .gl loader set
#   (libvulkan1 alone: "binding binary test failed"); Node 20 + this carry run as is.
#     1. greedy group equality on the GPU (64 sequences vs 1) with a scripted model, for the
#        engine the app uses (model in a child process, --hosted) and the in-process one; both
#        must be 0 deviations; raw node-llama-cpp is the control that shows the 3.21.1 race,
#     2. a DeepSeek-R1-Distill-1.5B-shaped random model (qwen2, 1536 x 28 layers, 12/2 heads,
#        ff 8960, vocab 151,936, f16): written once, exactness of the hosted engine on it,
#     3. the app pipeline vs raw node-llama-cpp on that model at G = 1 and 64
#        (scripts/bench/generation-pipeline.ts),
#     4. with DEVICE_CHECK_PROFILE=1, where each decode step's time goes at G = 1, 8, 32, 64
#        (scripts/bench/generation-profile.ts), with the JS queue and with one pool thread.
#   DEVICE_CHECK_QUICK=1 runs step 1 only (about a minute, for a nearly spent device budget).
#   $OUT/summary.txt lists each step's exit status; the step logs hold the numbers.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${1:-}" == "pack" ]]; then
  mkdir -p .device-carry
  grep -qx '/.device-carry/' .git/info/exclude 2>/dev/null || echo '/.device-carry/' >>.git/info/exclude
  NODE_BIN="$(readlink -f "$(command -v node)")"
  # The dev tools, the UI and every non-Vulkan llama.cpp build stay behind: the carry limit is 64 MiB.
  rm -rf /tmp/device-rt && mkdir -p /tmp/device-rt/rt/bin && cp "$NODE_BIN" /tmp/device-rt/rt/bin/node
  tar -C /tmp/device-rt -cf /tmp/device-node.tar rt
  tar -cf /tmp/device-mods.tar \
    --exclude='node_modules/@node-llama-cpp/linux-x64' --exclude='node_modules/@node-llama-cpp/linux-x64-cuda*' \
    --exclude='node_modules/@node-llama-cpp/linux-arm*' --exclude='node_modules/node-llama-cpp/llama/gitRelease.bundle' \
    --exclude='node_modules/monaco-editor' --exclude='node_modules/typescript' --exclude='node_modules/@rolldown' \
    --exclude='node_modules/playwright*' --exclude='node_modules/lightningcss*' --exclude='node_modules/@typescript-eslint' \
    --exclude='node_modules/react-dom' --exclude='node_modules/@electron-internal' --exclude='node_modules/electron' \
    --exclude='node_modules/eslint*' --exclude='node_modules/@eslint' --exclude='node_modules/@types' \
    --exclude='node_modules/vite' --exclude='node_modules/vitest' --exclude='node_modules/@vitest' --exclude='node_modules/uplot' \
    --exclude='node_modules/better-sqlite3/deps' --exclude='node_modules/better-sqlite3/src' --exclude='*.map' --exclude='*.md' \
    node_modules
  (tar -cf - -C /tmp device-node.tar device-mods.tar | xz -T0 -6 >.device-carry/runtime.tar.xz) || exit 1
  rm -rf /tmp/device-node.tar /tmp/device-mods.tar /tmp/device-rt
  if ! ls .gl/*.deb >/dev/null 2>&1; then
    grep -qx '/.gl/' .git/info/exclude 2>/dev/null || echo '/.gl/' >>.git/info/exclude
    mkdir -p .gl /tmp/amd64/partial
    o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
    # shellcheck disable=SC2086
    apt-get $o update -qq && (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null) || echo "warning: could not fetch libvulkan1 into .gl/"
  fi
  du -ch .device-carry/* .gl/* 2>/dev/null | tail -1
  echo 'carry: [".device-carry", ".gl"]; command: bash scripts/device-check.sh; timeout_s: 420'
  exit 0
fi

OUT="${OUT:-/tmp/device-check-out}"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
step() { # step NAME SECONDS COMMAND...
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS
  timeout --kill-after=10 "$limit" "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  say "$name: exit $rc after $((SECONDS - t0)) s (limit $limit s)$([[ $rc == 124 ]] && echo ' TIMED OUT')"
  tail -n 12 "$OUT/$name.log"
  return 0
}

if [[ -f .device-carry/runtime.tar.xz ]]; then
  mkdir -p /tmp/rt && xz -dc .device-carry/runtime.tar.xz | tar -C /tmp -xf - \
    && tar -C /tmp -xf /tmp/device-node.tar && tar -C "$ROOT" -xf /tmp/device-mods.tar \
    && export PATH="/tmp/rt/bin:$PATH"
fi
for f in .gl/*.deb; do [[ -f "$f" ]] && dpkg -x "$f" /; done
ldconfig 2>/dev/null
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json; do
  [[ -f "$icd" ]] && { export VK_DRIVER_FILES="$icd"; break; }
done

say "device-check $(date -u +%FT%TZ) on $(hostname); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
nvidia-smi -L 2>&1 | tee -a "$SUMMARY" || say "no nvidia-smi"
if ! command -v node >/dev/null || [[ ! -d node_modules/node-llama-cpp ]]; then
  say "No Node or node_modules here. Run 'scripts/device-check.sh pack' on the dev box and carry .device-carry and .gl."
  exit 2
fi
say "node $(node -v), $(nproc) cores"
{ echo "libvulkan: $(ldconfig -p | grep -c libvulkan) entries; VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"; ls /usr/local/nvidia/share/vulkan/icd.d /etc/vulkan/icd.d /usr/share/vulkan/icd.d 2>&1; } | tee -a "$SUMMARY"
TSX=(node --import tsx)
# Seen on 2026-11-28: with the loader missing, node-llama-cpp calls the Vulkan prebuilt "not
# compatible" and tries to clone llama.cpp from GitHub (unreachable there). Fail fast instead.
# Seen 2026-11-28: node-llama-cpp tests its binary in a forked child that inherits execArgv, so
# a check run as `node --input-type=module -e` fails that test for no GPU reason: use a file.
cat >"$ROOT/.device-precheck.mjs" <<'JS'
const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
const llama = await getLlama({ gpu: 'vulkan', build: 'never', logLevel: LlamaLogLevel.warn });
console.log('node-llama-cpp gpu:', llama.gpu, (await llama.getGpuDeviceNames()).join(', '));
JS
if ! timeout 60 node "$ROOT/.device-precheck.mjs" 2>&1 | tee -a "$SUMMARY"; then
  say "The Vulkan build of node-llama-cpp does not load here: check the libvulkan/ICD lines above (the device README's .gl loaders, VK_DRIVER_FILES)."
  exit 3
fi
MODEL=/tmp/r1-distill-1.5b-shape.gguf

# Scripted (peaked logits): any deviation is a real exactness bug. Random: also batch rounding.
# --hosted: the engine the app uses (model in a child process, one pool thread orders sampling).
step greedy-scripted-hosted-gpu 60 "${TSX[@]}" scripts/bench/greedy-equality.ts --gpu auto --scripted --group 64 --prompts 3 --tokens 64 --hosted
if [[ -n "${DEVICE_CHECK_QUICK:-}" ]]; then say "quick mode: stopped after the first step"; exit 0; fi
step greedy-scripted-gpu 45 "${TSX[@]}" scripts/bench/greedy-equality.ts --gpu auto --scripted --group 64 --prompts 2 --tokens 48
# Writes the 1.5B-shaped model once (kept for the benchmarks), and checks exactness on it.
step greedy-r1shape-hosted-gpu 120 "${TSX[@]}" scripts/bench/greedy-equality.ts --gpu auto --save-model "$MODEL" --arch qwen2 \
  --embd 1536 --layers 28 --heads 12 --heads-kv 2 --ff 8960 --vocab 151936 --group 64 --prompts 2 --tokens 32 --skip-raw --hosted
if [[ -f "$MODEL" ]]; then
  # The app end to end (runs.start → hosted engine → stored, verified, flagged samples) vs raw node-llama-cpp.
  step bench-pipeline-vs-raw 150 "${TSX[@]}" scripts/bench/generation-pipeline.ts --model "$MODEL" --gpu auto --group 64 \
    --prompts 2 --tokens 128 --reps 1 --json "$OUT/pipeline.json"
  if [[ -n "${DEVICE_CHECK_PROFILE:-}" ]]; then
    # Where a step's time goes (decode / sampling / JS) with the product's sampling defaults.
    step profile-queue 100 "${TSX[@]}" scripts/bench/generation-profile.ts --model "$MODEL" --gpu auto --group 1,8,32,64 \
      --tokens 128 --prompt-tokens 128 --temperature 0.6 --top-p 0.95 --top-k 40
    step profile-pool-serial 100 env UV_THREADPOOL_SIZE=1 "${TSX[@]}" scripts/bench/generation-profile.ts --model "$MODEL" --gpu auto \
      --group 8,64 --tokens 128 --prompt-tokens 128 --temperature 0.6 --top-p 0.95 --top-k 40 --pool-serial
  fi
else
  say "no $MODEL: the benchmarks were skipped"
fi
say "done in $SECONDS s"
