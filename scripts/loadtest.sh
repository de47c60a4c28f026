#!/usr/bin/env bash
# loadtest.sh: a repeatable load run of an embed against the same bytes served by nginx.
#
# It builds the app, generates a contest with 100,000 events in a temporary SQLite database
# (scripts/genload), starts the app on a loopback port, saves the embed's HTML to a file that
# nginx (Debian's nginx-light) serves on another loopback port, runs
# `wrk -t2 -c64 -d10s --latency` against each in turn, ROUNDS times alternately (the machine may
# be shared: alternating spreads background load over both, and the best round of each is the
# one least disturbed by it), and appends the requests per second and p99 latency of both to
# BENCHMARKS.md. Loopback only; everything is removed afterwards.
#
#   scripts/loadtest.sh              # needs wrk and nginx: apt-get install -y wrk nginx-light
#   EVENTS=20000 DURATION=5s scripts/loadtest.sh
set -euo pipefail

cd "$(dirname "$0")/.."
. scripts/wrklib.sh
EVENTS=${EVENTS:-100000}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
APP_PORT=${APP_PORT:-18931}
NGINX_PORT=${NGINX_PORT:-18932}
CHART=${CHART:-support-over-time}
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-BENCHMARKS.md}

for tool in wrk nginx curl go; do
  if ! command -v "$tool" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$tool" ]; then
    if [ "$tool" = wrk ] || [ "$tool" = nginx ]; then
      if [ "$(id -u)" = 0 ]; then
        apt-get install -y wrk nginx-light
      else
        echo "loadtest: $tool is missing: sudo apt-get install -y wrk nginx-light" >&2
        exit 1
      fi
    else
      echo "loadtest: $tool is missing" >&2
      exit 1
    fi
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

for port in "$APP_PORT" "$NGINX_PORT"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "loadtest: port $port is in use; set APP_PORT / NGINX_PORT" >&2
    exit 1
  fi
done

work=$(mktemp -d)
app_pid=""
nginx_started=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ -n "$nginx_started" ] && [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "loadtest: building the app and generating $EVENTS events"
make assets
go build -o "$work/backers" .
go run ./scripts/genload -db "$work/load.db" -events "$EVENTS"

"$work/backers" -addr "127.0.0.1:$APP_PORT" -db "$work/load.db" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" && break
  sleep 0.1
done
embed_url="http://127.0.0.1:$APP_PORT/embed/load-test/$CHART"

# The first request renders the embed from SQLite; its time is the cold start a reader sees.
mkdir -p "$work/www"
cold=$(curl -sf -o "$work/www/embed.html" -w '%{time_total}' "$embed_url")
bytes=$(wc -c <"$work/www/embed.html")
start_nginx "$NGINX" "$work" "$NGINX_PORT"
nginx_started=1
if ! cmp -s "$work/www/embed.html" <(curl -sf "http://127.0.0.1:$NGINX_PORT/embed.html"); then
  echo "loadtest: nginx does not serve the embed's bytes" >&2
  exit 1
fi

echo "loadtest: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds of the app then nginx"
for round in $(seq 1 "$ROUNDS"); do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$embed_url" | tee "$work/wrk-app-$round.txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$NGINX_PORT/embed.html" | tee "$work/wrk-nginx-$round.txt"
done

# best FILE...: the run with the most requests per second.
best() { for f in "$@"; do echo "$(rps "$f") $f"; done | sort -g -r | head -1 | cut -d' ' -f2; }
all_rps() { for f in "$@"; do rps "$f"; done | tr '\n' ' ' | sed 's/ $//; s/ / \/ /g'; }
app_best=$(best "$work"/wrk-app-*.txt); nginx_best=$(best "$work"/wrk-nginx-*.txt)
app_rps=$(rps "$app_best"); nginx_rps=$(rps "$nginx_best")
app_p99=$(p99 "$app_best"); nginx_p99=$(p99 "$nginx_best")
app_rounds=$(all_rps "$work"/wrk-app-*.txt); nginx_rounds=$(all_rps "$work"/wrk-nginx-*.txt)
ratio=$(awk -v a="$app_rps" -v n="$nginx_rps" 'BEGIN { printf "%.0f", 100 * a / n }')
verdict=$(awk -v r="$ratio" -v p="$app_p99" 'BEGIN { print ((r >= 60 && p < 20) ? "met" : "NOT met") }')

if [ ! -f "$OUT" ]; then
  printf '# Benchmarks\n\nMeasured numbers only, written by scripts or copied from `go test -bench` as printed.\n' >"$OUT"
fi
header='| when (UTC) | commit | machine | events | embed bytes | cold | rounds | app req/s (each round) | nginx req/s (each round) | app best req/s | app p99 | nginx best req/s | nginx p99 | app/nginx | target |'
if ! grep -qF "$header" "$OUT"; then
  cat >>"$OUT" <<'EOF'

### Runs of the embed load test, best of alternating rounds

Each run alternates the app and nginx for several rounds; the table gives every round's
requests per second, and the best round of each with its p99 (the round least disturbed by
other work on the machine). The target is judged on the best rounds.

EOF
  echo "$header" >>"$OUT"
  echo '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|' >>"$OUT"
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- . ':!BENCHMARKS.md' 2>/dev/null)" ]; then commit="$commit+dirty"; fi
machine="$(nproc) CPU, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo | tr -s ' '), $(go env GOVERSION), $("$NGINX" -v 2>&1 | sed 's/.*nginx\//nginx /')"
cold_ms=$(awk -v s="$cold" 'BEGIN { printf "%.0f ms", s * 1000 }')
row=$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s ms | %s | %s ms | %s%% | %s |' \
  "$(date -u '+%Y-%m-%d %H:%M')" "$commit" "$machine" "$EVENTS" "$bytes" "$cold_ms" "$ROUNDS" \
  "$app_rounds" "$nginx_rounds" "$app_rps" "$app_p99" "$nginx_rps" "$nginx_p99" "$ratio" "$verdict")
# The row goes at the end of this table, wherever the table is in the file (other sections may
# follow it).
awk -v header="$header" -v row="$row" '
  $0 == header { in_table = 1 }
  in_table && !/^\|/ { print row; in_table = 0; done = 1 }
  { print }
  END { if (!done) print row }' "$OUT" >"$work/bench.md"
cp "$work/bench.md" "$OUT"
app_err=$(wrk_errors "$app_best"); nginx_err=$(wrk_errors "$nginx_best")
if [ -n "$app_err$nginx_err" ]; then
  echo "loadtest: errors: app: $app_err nginx: $nginx_err" >&2
fi
echo "loadtest: app $app_rps req/s (p99 $app_p99 ms), nginx $nginx_rps req/s (p99 $nginx_p99 ms): $ratio% of nginx, target $verdict; written to $OUT"
