#!/usr/bin/env bash
# issue10.sh: every figure issue 10 ("Support kept, not recomputed") asks for, in one run, each
# with the machine's `uptime` beside it (2 shared cores: a loaded machine swings them by
# several times):
#
#   1. the store's side (BenchmarkGenerated: totals, kind shares, the series, the who-backs-whom
#      table's first page with each filter, one quick add) on the genload contests of 10,000,
#      100,000 and 1,000,000 events, the table under 400 random combinations of its filters
#      (BenchmarkTableFilters), and the latest changes (BenchmarkChanges);
#   2. importing 100,000 CSV rows (BenchmarkImport, BenchmarkParse);
#   3. the first request after start of each page (scripts/firstrequest.sh), and of the
#      who-backs-whom table under each of its other filters;
#   4. that table after a write: a running server's page, each time after a quick add;
#   5. the mixed load (scripts/mixedload.sh): readers while an editor writes once a second;
#   6. the same store benchmarks and first requests on the last of 10,000 contests of 100
#      events each (genload -contests), in one database.
#
# The genload contests are read from DBDIR (made there by firstrequest.sh, or by
# `go run ./scripts/genload -db DBDIR/load-N.db -events N`, if missing). A database built by an
# older definition of the derived tables is rebuilt once first (`backers rebuild -check` opens
# it, which rebuilds, then checks), so the benchmarks, which copy it, do not each rebuild it.
# firstrequest.sh and mixedload.sh append their rows to OUT (BENCHMARKS.md by default).
#
#   scripts/issue10.sh
#   SIZES="10000 100000" SKIP="mixedload" scripts/issue10.sh
set -euo pipefail

cd "$(dirname "$0")/.."
. scripts/wrklib.sh
SIZES=${SIZES:-"10000 100000 1000000"}
DBDIR=${DBDIR:-/tmp/backers-genload}
OUT=${OUT:-BENCHMARKS.md}
SKIP=${SKIP:-} # any of: store import firstrequest afterwrite many mixedload
APP_PORT=${APP_PORT:-18981}
END_DAY=${END_DAY:-2030-03-11}
PAST_DAY=${PAST_DAY:-2030-02-01}
export DBDIR OUT

work=$(mktemp -d)
app_pid=""
cleanup() {
  stop_app
  rm -rf "$work"
}
trap cleanup EXIT

skipped() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }
section() { printf '\n== %s\n' "$1"; uptime; }

[ -f static/dist/charts.js ] || make assets
go build -o "$work/backers" .
echo "issue10: commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

mkdir -p "$DBDIR"
for n in $SIZES; do
  db="$DBDIR/load-$n.db"
  if [ ! -f "$db" ]; then
    echo "issue10: generating $n events into $db"
    go run ./scripts/genload -db "$db" -events "$n"
  fi
  "$work/backers" rebuild -check -db "$db"
done

if ! skipped store; then
  for n in $SIZES; do
    section "store, $n events: BenchmarkGenerated"
    BACKERS_BENCH_DB="$DBDIR/load-$n.db" go test ./store -run '^$' -bench BenchmarkGenerated -benchtime 5x | grep -E '^Benchmark|events'
  done
  n=${SIZES##* }
  section "store, $n events: the table under random filters (BenchmarkTableFilters)"
  BACKERS_BENCH_DB="$DBDIR/load-$n.db" go test ./store -run '^$' -bench BenchmarkTableFilters -benchtime 1x -v |
    grep -E '^Benchmark| ms: '
  uptime
  section "store: latest changes at 100,000 events (BenchmarkChanges)"
  go test ./store -run '^$' -bench 'BenchmarkChanges$' -benchtime 20x | grep -E '^Benchmark'
  uptime
fi

if ! skipped import; then
  section "import of 100,000 rows"
  go test ./importer -run '^$' -bench 'BenchmarkImport$|BenchmarkParse$' -benchtime 1x -benchmem | grep -E '^Benchmark'
  uptime
fi

# The who-backs-whom table under each filter its target names beyond firstrequest.sh's.
table_filters=(
  "/c/load-test/endorsements?as_of=$END_DAY&q=endorser+12&sort=name"
  "/c/load-test/endorsements?as_of=$END_DAY&q=endorser+49999"
  "/c/load-test/endorsements?as_of=$END_DAY&status=withdrawn"
  "/c/load-test/endorsements?as_of=$END_DAY&action=withdraw"
  "/c/load-test/endorsements?as_of=$END_DAY&status=current&status=withdrawn&q=endorser+4"
  "/c/load-test/endorsements?as_of=$PAST_DAY&status=current&status=withdrawn&q=endorser+4"
  "/c/load-test/endorsements?as_of=$END_DAY&status=current&status=withdrawn&q=endorser"
  "/c/load-test/endorsements?as_of=$END_DAY&sort=name"
  "/c/load-test/endorsements?as_of=$END_DAY&sort=region"
  "/c/load-test/endorsements?as_of=$END_DAY&sort=kind"
  "/c/load-test/endorsements?as_of=$END_DAY&sort=candidate"
  "/c/load-test/endorsements?as_of=$END_DAY&status=confirmed"
  "/c/load-test/endorsements?as_of=$END_DAY&withdrawn=hide"
  "/c/load-test/endorsements?as_of=$END_DAY&sort=oldest&q=endorser+4&page=5"
  "/c/load-test/endorsements?as_of=$END_DAY&sort=oldest"
  "/c/load-test/endorsements?as_of=$PAST_DAY&kind=affiliated-union&kind=mep"
  "/c/load-test/endorsements?as_of=$END_DAY&action=nominate&from=2030-01-01&sort=oldest"
  "/c/load-test/endorsements?as_of=$PAST_DAY&candidate=ada&candidate=ben&action=endorse&action=withdraw&sort=kind"
  "/c/load-test/endorsements?as_of=$PAST_DAY&status=current&to=2030-01-20"
)

if ! skipped firstrequest; then
  section "first request after start (scripts/firstrequest.sh)"
  SIZES="$SIZES" scripts/firstrequest.sh | tail -n +1
  # The table's filters that firstrequest.sh does not name, and the dashboard and the CLP embed
  # as of a day in mid-contest, each on a fresh server.
  for n in $SIZES; do
    for p in "${table_filters[@]}" \
      "/c/load-test?as_of=$PAST_DAY" \
      "/embed/load-test/clp-nominations?as_of=$PAST_DAY" \
      "/embed/load-test/support-over-time?as_of=$PAST_DAY"; do
      cp "$DBDIR/load-$n.db" "$work/load.db"
      rm -f "$work/load.db-wal" "$work/load.db-shm"
      start_app "$work/backers" "$work/load.db" "$APP_PORT" "$work/app.log"
      curl -s -o /dev/null -w "$n events: %{http_code} in %{time_total} s: $p\n" "http://127.0.0.1:$APP_PORT$p"
      stop_app
    done
  done
  uptime
fi

if ! skipped afterwrite; then
  # The table as a reader after a write waits for it: one app on the largest contest that has
  # served each page once already (as readers had), then for each page three times a quick
  # add by a signed-in editor (which empties the contest's cached pages) and the page.
  n=${SIZES##* }
  section "the table after a write, $n events (a running server; a quick add before each page)"
  cp "$DBDIR/load-$n.db" "$work/load.db"
  rm -f "$work/load.db-wal" "$work/load.db-shm"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  echo "$password" | "$work/backers" user add -db "$work/load.db" -email load@example.org -role editor -password-stdin >/dev/null
  start_app "$work/backers" "$work/load.db" "$APP_PORT" "$work/app.log"
  base="http://127.0.0.1:$APP_PORT"
  token=$(sign_in "$base" "$work/cookies" load@example.org "$password")
  [ -n "$token" ] || { echo "issue10: could not sign in" >&2; cat "$work/app.log" >&2; exit 1; }
  pages=("/c/load-test/endorsements?as_of=$END_DAY" "/c/load-test/endorsements?as_of=$END_DAY&candidate=ada&kind=clp" "${table_filters[@]}")
  for p in "${pages[@]}"; do curl -sf -o /dev/null "$base$p"; done
  today=$(date -u +%F)
  i=0
  for p in "${pages[@]}"; do
    times=""
    for _ in 1 2 3; do
      i=$((i + 1))
      status=$(quick_add "$base" "$work/cookies" "$token" "After-write endorser $$-$i" ada "$today" "$work/write.html")
      [ "$status" = 303 ] || { echo "issue10: write $i: status $status" >&2; exit 1; }
      times="$times $(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base$p")"
    done
    echo "$n events, after a write (status, seconds, three times):$times: $p"
  done
  stop_app
  uptime
fi

if ! skipped many; then
  # The issue's other shape: 10,000 contests of 100 events each, measured on the last of them,
  # so what the derived tables cost is seen to follow the contest, not the database.
  many="$DBDIR/many-10000x100.db"
  if [ ! -f "$many" ]; then
    echo "issue10: generating 10,000 contests of 100 events into $many"
    go run ./scripts/genload -db "$many" -events 100 -contests 10000
  fi
  "$work/backers" rebuild -check -db "$many"
  section "store, the last of 10,000 contests of 100 events: BenchmarkGenerated"
  BACKERS_BENCH_DB="$many" BACKERS_BENCH_CONTEST=load-test-10000 go test ./store -run '^$' -bench BenchmarkGenerated -benchtime 5x | grep -E '^Benchmark|events'
  section "first request after start, the last of 10,000 contests of 100 events"
  SIZES=100 CONTESTS=10000 scripts/firstrequest.sh
  uptime
fi

if ! skipped mixedload; then
  section "mixed load (scripts/mixedload.sh)"
  scripts/mixedload.sh | grep -E 'Latency|99%|Requests/sec|mixedload:|Non-2xx|Socket'
  uptime
fi
