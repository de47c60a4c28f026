# wrklib.sh: what the load scripts share (sourced by loadtest.sh, mixedload.sh, firstrequest.sh
# and issue10.sh): starting and stopping the app, reading wrk's output, and nginx serving a
# directory of saved responses for comparison.

# start_app BIN DB PORT LOG: starts the app BIN on 127.0.0.1:PORT over the database DB, its
# output appended to LOG and its pid in app_pid, and waits until it answers /healthz.
start_app() {
  "$1" -addr "127.0.0.1:$3" -db "$2" >>"$4" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$3/healthz" && return 0
    sleep 0.1
  done
  echo "the app did not start on port $3:" >&2
  cat "$4" >&2
  return 1
}

# stop_app: stops the app start_app started, if it runs.
stop_app() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  app_pid=""
}

# rps FILE: wrk's requests per second.
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }

# p99 FILE: wrk prints p99 as e.g. "99%    2.51ms" (us, ms or s); this is it in milliseconds.
p99() {
  awk '$1 == "99%" {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000
    printf "%.2f", v }' "$1"
}

# wrk_errors FILE: wrk's lines about non-2xx answers and socket errors, if any.
wrk_errors() { awk '/Non-2xx|Socket errors/ {print}' "$1" | tr '\n' ' ' | sed 's/ *$//'; }

# start_nginx NGINX WORK PORT: serves WORK/www on 127.0.0.1:PORT (pid in WORK/nginx.pid) and
# waits until WORK/www/embed.html answers.
start_nginx() {
  local nginx=$1 work=$2 port=$3
  mkdir -p "$work/nginx-tmp"
  chmod 755 "$work" "$work/www"
  chmod 644 "$work"/www/*
  cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $work/nginx-tmp/body;
  proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fastcgi;
  uwsgi_temp_path $work/nginx-tmp/uwsgi;
  scgi_temp_path $work/nginx-tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    etag on;
  }
}
NGINX
  "$nginx" -p "$work" -c "$work/nginx.conf"
  for _ in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/embed.html" && return 0
    sleep 0.1
  done
  return 1
}

# append_row FILE HEADER ROW: adds ROW at the end of the table that starts with HEADER in
# FILE, wherever that table is in the file (other sections may follow it).
append_row() {
  local file=$1 header=$2 row=$3 tmp
  tmp=$(mktemp)
  awk -v header="$header" -v row="$row" '
    $0 == header { in_table = 1 }
    in_table && !/^\|/ { print row; in_table = 0; done = 1 }
    { print }
    END { if (!done) print row }' "$file" >"$tmp"
  cat "$tmp" >"$file"
  rm -f "$tmp"
}

# sign_in BASE JAR EMAIL PASSWORD: signs in to the admin at BASE with the cookies in JAR and
# prints the session's CSRF token (from the quick add of contest load-test), for quick_add.
sign_in() {
  local base=$1 jar=$2 email=$3 password=$4 token
  token=$(curl -sf -c "$jar" -b "$jar" "$base/admin/login" | _csrf)
  curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "_csrf=$token" "$base/admin/login"
  curl -sf -c "$jar" -b "$jar" "$base/admin/quick?contest=load-test" | _csrf
}
_csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }

# quick_add BASE JAR TOKEN NAME CANDIDATE DAY OUT: one quick add to contest load-test (a new
# endorser NAME, a CLP, endorsing CANDIDATE on DAY), the answer written to OUT; prints the HTTP
# status, 303 where it was saved.
quick_add() {
  local base=$1 jar=$2 token=$3 name=$4 candidate=$5 day=$6 out=$7
  curl -s -o "$out" -w '%{http_code}' -b "$jar" \
    --data-urlencode "_csrf=$token" --data-urlencode "contest=load-test" \
    --data-urlencode "endorser=$name" --data-urlencode "new_kind=clp" \
    --data-urlencode "action=endorse" --data-urlencode "candidate=$candidate" \
    --data-urlencode "effective_on=$day" --data-urlencode "precision=day" \
    --data-urlencode "source_url=https://example.org/load/$RANDOM" --data-urlencode "verification=reported" \
    "$base/admin/quick"
}
