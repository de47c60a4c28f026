#!/usr/bin/env bash
# pgtmp.sh: a throwaway PostgreSQL cluster for tests, CI and trying backers on PostgreSQL.
#
# `start DIR` runs initdb in DIR (created if need be) and starts a server listening on
# 127.0.0.1:PORT (the first free port from 55432 unless PORT is set) and on a unix socket in DIR, then prints the DSN of its `postgres` database:
# set it as BACKERS_TEST_POSTGRES to run the tests on PostgreSQL (each test creates and drops a
# database of its own), or create a database and give its URL to `backers -db`. `stop DIR` stops
# the server and removes DIR. `createdb DIR NAME` creates database NAME on it (if it is not
# there) and prints its URL, for `backers -db`. No container runtime is needed: only Debian's postgresql package
# (apt-get install -y postgresql), whose binaries live outside PATH.
#
#   dsn=$(scripts/pgtmp.sh start /tmp/backers-pg)
#   BACKERS_TEST_POSTGRES=$dsn go test ./...
#   db=$(scripts/pgtmp.sh createdb /tmp/backers-pg backers)
#   scripts/pgtmp.sh stop /tmp/backers-pg
#
# PostgreSQL refuses to run as root: as root, DIR is handed to the postgres user and the server
# runs as that user. The cluster trades durability for speed (fsync off): it is for tests only.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  if command -v pg_ctl >/dev/null 2>&1; then
    # A symlink on PATH (/usr/local/bin/pg_ctl) leads to the directory with psql beside it.
    bindir=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
  else
    # Debian installs each major version under /usr/lib/postgresql/N/bin; take the newest.
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
fi
if [ -z "$bindir" ] || ! [ -x "$bindir/pg_ctl" ]; then
  echo "pgtmp: PostgreSQL binaries not found: apt-get install -y postgresql (or set PG_BINDIR)" >&2
  exit 1
fi

# as runs a command as the cluster's owner: postgres when we are root, else ourselves.
as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
  fi
  if ! [ -f "$dir/data/PG_VERSION" ]; then
    as "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  fi
  port=${PORT:-}
  if [ -z "$port" ]; then
    port=55432
    # Something answering on the port (another cluster, another run) means try the next one.
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      port=$((port + 1))
    done
  fi
  # Each test opens a pool of its own, and go test runs packages side by side: room for them.
  as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  ;;
createdb)
  name=${3:-}
  if [ -z "$name" ] || ! [ -f "$dir/port" ]; then
    echo "usage: $0 createdb DIR NAME (after $0 start DIR)" >&2
    exit 2
  fi
  port=$(cat "$dir/port")
  if [ -z "$("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
  echo "postgres://postgres@127.0.0.1:$port/$name?sslmode=disable"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR, or $0 createdb DIR NAME" >&2
  exit 2
  ;;
esac
