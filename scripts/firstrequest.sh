#!/usr/bin/env bash
# firstrequest.sh: how long the first request after start takes for the pages issue 10 names
# (totals API, totals as of a past day, the support-over-time series, the dashboard, the
# who-backs-whom page, an embed), on scripts/genload contests of several sizes, and the
# server's resident memory after them. The app is started afresh for every request, so each
# is answered from the database and not from the in-memory cache; a write empties that cache
# for its contest, so this is also what the first reader after a write waits.
#
# Each contest is generated once into DBDIR and reused by later runs (a million events take a
# few minutes to generate). A row per size is appended to BENCHMARKS.md.
#
#   scripts/firstrequest.sh
#   SIZES="10000 100000" scripts/firstrequest.sh
#   SIZES=100 CONTESTS=10000 scripts/firstrequest.sh   # the last of 10,000 contests of 100 events
set -euo pipefail

cd "$(dirname "$0")/.."
. scripts/wrklib.sh
SIZES=${SIZES:-"10000 100000 1000000"}
# CONTESTS > 1 measures the last contest of a database of that many, each of SIZES events.
CONTESTS=${CONTESTS:-1}
contest=load-test
if [ "$CONTESTS" -gt 1 ]; then contest="load-test-$CONTESTS"; fi
DBDIR=${DBDIR:-/tmp/backers-genload}
APP_PORT=${APP_PORT:-18941}
OUT=${OUT:-BENCHMARKS.md}
PAST_DAY=${PAST_DAY:-2030-02-01}
# genload's contest runs from 2030-01-01 for 70 days: "today" comes before it, when nothing
# stands, so every page is asked as of the day after its last events, when everything does.
END_DAY=${END_DAY:-2030-03-11}

work=$(mktemp -d)
app_pid=""
cleanup() {
  stop_app
  rm -rf "$work"
}
trap cleanup EXIT

[ -f static/dist/charts.js ] || make assets
go build -o "$work/backers" .
go build -o "$work/genload" ./scripts/genload
mkdir -p "$DBDIR"

paths=(
  "/api/v1/contests/$contest/totals?as_of=$END_DAY"
  "/api/v1/contests/$contest/totals?as_of=$PAST_DAY"
  "/api/v1/contests/$contest/series/support-over-time?as_of=$END_DAY"
  "/c/$contest?as_of=$END_DAY"
  "/c/$contest/endorsements?as_of=$END_DAY"
  "/c/$contest/endorsements?as_of=$END_DAY&candidate=ada&kind=clp"
  "/embed/$contest/support-over-time?as_of=$END_DAY"
)

header='| when (UTC) | commit | events | totals API (as of the end) | totals as of a past day | support over time | dashboard | who backs whom | who backs whom, candidate and kind | embed | server RSS after all (one process) |'
if ! grep -qF "$header" "$OUT"; then
  cat >>"$OUT" <<'EOF'

## First request after start (scripts/firstrequest.sh)

Each page is requested once from a freshly started app over loopback (`curl -w %{time_total}`),
so it is built from the database and not served from the in-memory cache, as after a write.
The contests are scripts/genload's (three candidates, a twentieth as many endorsers as
events, 70 days in 2030); pages are asked as of the day after the last events (2030-03-11),
the past day is 2030-02-01. The last column is the app's resident memory after every page had been
built once in one process. 2 shared cores.

EOF
  echo "$header" >>"$OUT"
  echo '|---|---|---|---|---|---|---|---|---|---|---|' >>"$OUT"
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- . ':!BENCHMARKS.md' 2>/dev/null)" ]; then commit="$commit+dirty"; fi

for n in $SIZES; do
  db="$DBDIR/load-$n.db"
  label=$n
  if [ "$CONTESTS" -gt 1 ]; then
    db="$DBDIR/many-${CONTESTS}x$n.db"
    label="$n (the last of $CONTESTS contests)"
  fi
  if [ ! -f "$db" ]; then
    echo "firstrequest: generating $CONTESTS contest(s) of $n events into $db"
    "$work/genload" -db "$db" -events "$n" -contests "$CONTESTS"
  fi
  cells=()
  for p in "${paths[@]}"; do
    start_app "$work/backers" "$db" "$APP_PORT" "$work/app.log"
    t=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$APP_PORT$p")
    stop_app
    ms=$(awk -v s="$t" 'BEGIN { printf "%.1f ms", s * 1000 }')
    echo "firstrequest: $n events: $p: $ms"
    cells+=("$ms")
  done
  start_app "$work/backers" "$db" "$APP_PORT" "$work/app.log"
  for p in "${paths[@]}"; do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT$p"; done
  rss=$(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$app_pid/status")
  stop_app
  echo "firstrequest: $n events: server RSS $rss"
  row="| $(date -u '+%Y-%m-%d %H:%M') | $commit | $label"
  for c in "${cells[@]}"; do row="$row | $c"; done
  append_row "$OUT" "$header" "$row | $rss |"
done
echo "firstrequest: written to $OUT"
