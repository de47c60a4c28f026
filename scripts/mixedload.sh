#!/usr/bin/env bash
# mixedload.sh: readers and a writer at once. wrk at 64 connections spreads its requests over
# the dashboard, an embed and the totals API of a scripts/genload contest (1,000,000 events by
# default) while an editor, signed in like anyone else, records one endorsement a second
# through the admin's quick add; then nginx serves the same embed's bytes under the same wrk
# for comparison. Target (issue 10): no error, p99 under 50 ms. A row is appended to
# BENCHMARKS.md.
#
# The contest is generated once into DBDIR (as scripts/firstrequest.sh does) and copied, so the
# writes of a run do not stay in it. DATABASE=postgres generates it into a throwaway PostgreSQL
# cluster instead (scripts/pgtmp.sh), and INSTANCES=2 starts two app instances on that database
# behind nginx as their load balancer, which wrk and the writer then go through.
#
#   scripts/mixedload.sh                      # needs wrk and nginx
#   EVENTS=100000 DURATION=20 scripts/mixedload.sh
#   EVENTS=100000 DATABASE=postgres INSTANCES=2 scripts/mixedload.sh
set -euo pipefail

cd "$(dirname "$0")/.."
. scripts/wrklib.sh
EVENTS=${EVENTS:-1000000}
DURATION=${DURATION:-60} # seconds
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DBDIR=${DBDIR:-/tmp/backers-genload}
APP_PORT=${APP_PORT:-18961}
NGINX_PORT=${NGINX_PORT:-18962}
OUT=${OUT:-BENCHMARKS.md}
AS_OF=${AS_OF:-2030-03-11} # the day after genload's last events: everything stands
DATABASE=${DATABASE:-sqlite} # or postgres
INSTANCES=${INSTANCES:-1}
LB_PORT=${LB_PORT:-18963}

for tool in wrk curl go; do
  command -v "$tool" >/dev/null 2>&1 || { echo "mixedload: $tool is missing" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "mixedload: nginx is missing" >&2; exit 1; }

work=$(mktemp -d)
app_pid="" app_pids="" writer_pid="" nginx_started="" pgdir=""
cleanup() {
  if [ -n "$writer_pid" ]; then kill "$writer_pid" 2>/dev/null || true; fi
  for pid in $app_pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -n "$nginx_started" ] && [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  if [ -f "$work/lb/nginx.pid" ]; then kill "$(cat "$work/lb/nginx.pid")" 2>/dev/null || true; fi
  if [ -n "$pgdir" ]; then scripts/pgtmp.sh stop "$pgdir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -f static/vendor/echarts.min.js ] || make assets
go build -o "$work/backers" .
if [ "$DATABASE" = postgres ]; then
  # Its own directory: the cluster's owner (postgres, when we are root) must reach it.
  pgdir=$(mktemp -d /tmp/mixedload-pg.XXXXXX)
  scripts/pgtmp.sh start "$pgdir" >/dev/null
  db=$(scripts/pgtmp.sh createdb "$pgdir" load)
  echo "mixedload: generating $EVENTS events into PostgreSQL"
  go run ./scripts/genload -db "$db" -events "$EVENTS"
else
  mkdir -p "$DBDIR"
  src="$DBDIR/load-$EVENTS.db"
  if [ ! -f "$src" ]; then
    echo "mixedload: generating $EVENTS events into $src"
    go run ./scripts/genload -db "$src" -events "$EVENTS"
  fi
  cp "$src" "$work/load.db"
  db="$work/load.db"
fi
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
echo "$password" | "$work/backers" user add -db "$db" -email load@example.org -role editor -password-stdin >/dev/null

# Instance i listens on APP_PORT + 10(i-1); with more than one, nginx balances them on LB_PORT.
upstream=""
for i in $(seq 1 "$INSTANCES"); do
  port=$((APP_PORT + 10 * (i - 1)))
  "$work/backers" -addr "127.0.0.1:$port" -db "$db" >"$work/app-$i.log" 2>&1 &
  app_pids="$app_pids $!"
  [ -n "$app_pid" ] || app_pid=$!
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
  upstream="$upstream server 127.0.0.1:$port;"
done
base="http://127.0.0.1:$APP_PORT"
if [ "$INSTANCES" -gt 1 ]; then
  mkdir -p "$work/lb/tmp"
  cat >"$work/lb/nginx.conf" <<NGINX
worker_processes auto;
pid $work/lb/nginx.pid;
error_log $work/lb/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/lb/tmp/body;
  proxy_temp_path $work/lb/tmp/proxy;
  fastcgi_temp_path $work/lb/tmp/fastcgi;
  uwsgi_temp_path $work/lb/tmp/uwsgi;
  scgi_temp_path $work/lb/tmp/scgi;
  upstream backers { $upstream keepalive 64; }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://backers;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
NGINX
  "$NGINX" -p "$work/lb" -c "$work/lb/nginx.conf"
  base="http://127.0.0.1:$LB_PORT"
  for _ in $(seq 1 50); do
    curl -sf -o /dev/null "$base/healthz" && break
    sleep 0.1
  done
fi
embed="/embed/load-test/support-over-time?as_of=$AS_OF"

# Sign in as the editor: the login form's CSRF token, then the session's from the quick add.
jar="$work/cookies"
token=$(sign_in "$base" "$jar" load@example.org "$password")
[ -n "$token" ] || { echo "mixedload: could not sign in" >&2; cat "$work"/app-*.log >&2; exit 1; }

# The writer: one quick add a second, each a new endorser's endorsement. The admin takes no
# date after today, and genload's contest lies in 2030, so the writes are dated today: each is
# a whole write (event, audit, derived tables, the contest's cached pages invalidated) though
# it comes before the generated events in the contest's days.
today=$(date -u +%F)
writer() {
  local i=0 ok=0 failed=0 slowest=0
  while [ "$i" -lt "$DURATION" ]; do
    i=$((i + 1))
    local started status took
    started=$(date +%s%N)
    status=$(quick_add "$base" "$jar" "$token" "Mixed-load endorser $$-$i" "$( [ $((i % 2)) = 0 ] && echo ada || echo ben)" "$today" "$work/write.html")
    took=$(( ($(date +%s%N) - started) / 1000000 ))
    [ "$took" -gt "$slowest" ] && slowest=$took
    if [ "$status" = 303 ]; then
      ok=$((ok + 1))
    else
      failed=$((failed + 1))
      echo "mixedload: write $i: status $status: $(grep -o 'class="error"[^<]*<[^<]*' "$work/write.html" | head -3 | tr '\n' ' ')" >&2
    fi
    sleep "$(awk -v t="$took" 'BEGIN { s = 1 - t / 1000; if (s < 0) s = 0; print s }')"
  done
  echo "$ok $failed $slowest" >"$work/writes.txt"
}

cat >"$work/mix.lua" <<EOF
local paths = { "/c/load-test?as_of=$AS_OF", "$embed", "/api/v1/contests/load-test/totals?as_of=$AS_OF" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
EOF

# Warm the three answers once, as readers would have before the night began.
for p in "/c/load-test?as_of=$AS_OF" "$embed" "/api/v1/contests/load-test/totals?as_of=$AS_OF"; do
  curl -sf -o /dev/null "$base$p"
done
mkdir -p "$work/www"
curl -sf -o "$work/www/embed.html" "$base$embed"

echo "mixedload: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s over dashboard, embed and totals, one write a second"
writer &
writer_pid=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/mix.lua" "$base" | tee "$work/wrk-app.txt"
wait "$writer_pid" || true
writer_pid=""
read -r writes_ok writes_failed write_slowest <"$work/writes.txt"

start_nginx "$NGINX" "$work" "$NGINX_PORT" || { echo "mixedload: nginx did not start" >&2; exit 1; }
nginx_started=1
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$NGINX_PORT/embed.html" | tee "$work/wrk-nginx.txt"

app_rps=$(rps "$work/wrk-app.txt"); app_p99=$(p99 "$work/wrk-app.txt"); app_err=$(wrk_errors "$work/wrk-app.txt")
nginx_rps=$(rps "$work/wrk-nginx.txt"); nginx_p99=$(p99 "$work/wrk-nginx.txt")
rss=$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$app_pid/status")
verdict=$(awk -v p="$app_p99" -v e="$app_err" -v f="$writes_failed" 'BEGIN { print ((p < 50 && e == "" && f == 0) ? "met" : "NOT met") }')

header='| when (UTC) | commit | database | instances | events | seconds | app req/s | app p99 | read errors | writes ok / failed | slowest write | app peak RSS (first instance) | nginx req/s (same embed) | nginx p99 | target |'
if ! grep -qF "$header" "$OUT"; then
  cat >>"$OUT" <<'EOF'

## Mixed load by database: readers while an editor writes (scripts/mixedload.sh)

wrk at 64 connections over the dashboard, an embed and the totals API of a genload contest
(round robin), while an editor records one endorsement a second through the admin's quick
add; then nginx serving the embed's bytes under the same wrk. On SQLite (the default) or on
PostgreSQL (DATABASE=postgres, a throwaway cluster on the same machine); with INSTANCES=2, two
app instances on the one PostgreSQL database behind nginx as their load balancer, wrk and the
writer going through it. Target: no error, p99 under 50 ms. 2 shared cores; wrk, the writer,
the database and the app(s) share them.

EOF
  echo "$header" >>"$OUT"
  echo '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|' >>"$OUT"
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- . ':!BENCHMARKS.md' 2>/dev/null)" ]; then commit="$commit+dirty"; fi
row=$(printf '| %s | %s | %s | %s | %s | %s | %s | %s ms | %s | %s / %s | %s ms | %s | %s | %s ms | %s |' \
  "$(date -u '+%Y-%m-%d %H:%M')" "$commit" "$DATABASE" "$INSTANCES" "$EVENTS" "$DURATION" "$app_rps" "$app_p99" "${app_err:-none}" \
  "$writes_ok" "$writes_failed" "$write_slowest" "$rss" "$nginx_rps" "$nginx_p99" "$verdict")
append_row "$OUT" "$header" "$row"
echo "mixedload: $DATABASE, $INSTANCES instance(s): app $app_rps req/s (p99 $app_p99 ms, errors: ${app_err:-none}), writes $writes_ok ok / $writes_failed failed, nginx $nginx_rps req/s; target $verdict; written to $OUT"
