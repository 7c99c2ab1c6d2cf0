#!/usr/bin/env bash
# The shipped nginx site (packaging/nginx/jsms-ops.conf) shields jsms-ops from slow and idle
# clients (issue 10): with Debian's nginx in front, none of these delays a fresh request by more
# than a second:
#   1. 33 connections sending their headers at 1 byte/s (one more than jsms-ops' 32 workers),
#   2. one request with 20,000 headers of 8,000 bytes (nginx refuses it; jsms-ops never sees it),
#   3. 100, 300 and 1,000 idle connections.
# The same rows are also run straight against jsms-ops and printed, not asserted: that is what the
# proxy is for. The test's nginx.conf includes the shipped site file with only its ports, upstream
# port and certificate paths replaced, so the shipped directives are the ones exercised; nginx
# runs in the foreground with its own prefix, pid and logs under a temporary directory.
#
# Usage: nginx_proxy_test.sh JSMS_OPS_BINARY SITE_CONF
set -euo pipefail

binary=$1
site=$2
here=$(cd "$(dirname "$0")" && pwd)
# The limit for a fresh request while under attack, and how long a direct one may wait.
readonly kLimitSeconds=1.0
readonly kDirectMaxSeconds=5

fail() { echo "FAIL: $*" >&2; exit 1; }

nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || fail "nginx is not installed (tools/setup installs it)"
for tool in curl openssl python3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (tools/setup installs it)"
done

work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers run as nobody when the test runs as root
pids=()
cleanup() {
  local pid deadline
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 10))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Waits until FILE has a line matching REGEX (or fails after SECONDS); prints that line.
wait_for_line() {
  local file=$1 regex=$2 seconds=$3 deadline=$((SECONDS + $3))
  until grep -qE "$regex" "$file" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "no line matching '$regex' in $file after ${seconds}s: $(cat "$file" 2>/dev/null)"
    sleep 0.05
  done
  grep -m1 -E "$regex" "$file"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- jsms-ops over a fresh seeded database -------------------------------------------------------
"$binary" --db "$work/ops.db" seed >/dev/null
"$binary" --db "$work/ops.db" --port 0 >"$work/jsms.out" 2>"$work/jsms.err" &
jsms_pid=$!
pids+=("$jsms_pid")
listening=$(wait_for_line "$work/jsms.out" '^listening on http://' 10)
jsms_port=${listening##*:}
direct_url="http://127.0.0.1:$jsms_port/demandOrder/D000120170621"

# --- nginx with the shipped site file ------------------------------------------------------------
http_port=$(free_port)
tls_port=$(free_port)
[ "$http_port" != "$tls_port" ] || tls_port=$(free_port)
mkdir -p "$work/nginx"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=ops.example.com -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null

# Each replaced line must be there exactly as expected, so a change to the site file that this
# test does not follow fails here instead of testing something else.
expect_count() {
  local regex=$1 want=$2 got
  got=$(grep -cE "$regex" "$site" || true)
  [ "$got" = "$want" ] || fail "$site: expected $want line(s) matching '$regex', found $got"
}
expect_count '^ *server 127\.0\.0\.1:8080;$' 1
expect_count '^ *listen 80;$' 1
expect_count '^ *listen 443 ssl http2;$' 1
expect_count '^ *listen \[::\]:(80|443)( ssl http2)?;$' 2
expect_count '^ *ssl_certificate +[^ ]+;$' 1
expect_count '^ *ssl_certificate_key +[^ ]+;$' 1
sed -E \
  -e "s|^( *)server 127\.0\.0\.1:8080;$|\1server 127.0.0.1:$jsms_port;|" \
  -e "s|^( *)listen 80;$|\1listen 127.0.0.1:$http_port;|" \
  -e "s|^( *)listen 443 ssl http2;$|\1listen 127.0.0.1:$tls_port ssl http2;|" \
  -e '/^ *listen \[::\]/d' \
  -e "s|^( *)ssl_certificate +[^ ]+;$|\1ssl_certificate $work/nginx/cert.pem;|" \
  -e "s|^( *)ssl_certificate_key +[^ ]+;$|\1ssl_certificate_key $work/nginx/key.pem;|" \
  "$site" >"$work/nginx/jsms-ops.conf"

user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user nobody nogroup;"; fi
# Debian's nginx.conf, less what is irrelevant here, with its own paths and enough connections
# for 1,000 idle clients (docs/deploy.md tells operators to raise worker_connections likewise).
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  log_format test '\$status "\$request" upstream=\$upstream_addr';
  access_log $work/nginx/access.log test;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  include $work/nginx/jsms-ops.conf;
}
EOF
nginx_args=(-p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log")
"$nginx_bin" "${nginx_args[@]}" -t -q || fail "nginx rejects the configuration: $(cat "$work/nginx/error.log")"
"$nginx_bin" "${nginx_args[@]}" -g 'daemon off;' &
nginx_pid=$!
pids+=("$nginx_pid")
deadline=$((SECONDS + 10))
until curl -s -o /dev/null "http://127.0.0.1:$http_port/"; do
  kill -0 "$nginx_pid" 2>/dev/null || fail "nginx exited: $(cat "$work/nginx/error.log")"
  ((SECONDS < deadline)) || fail "nginx did not answer within 10 s"
  sleep 0.05
done
proxy_url="https://127.0.0.1:$tls_port/demandOrder/D000120170621"

# --- What the site does with ordinary requests ---------------------------------------------------
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/demandOrder/D000120170621")
[ "$redirect" = "301 https://127.0.0.1/demandOrder/D000120170621" ] || fail "plain HTTP: expected a 301 to https, got '$redirect'"
direct_body=$(curl -sf "$direct_url")
proxied_body=$(curl -skf "$proxy_url") || fail "the order detail through nginx failed"
[ "$proxied_body" = "$direct_body" ] || fail "nginx answered '$proxied_body', jsms-ops '$direct_body'"
[[ "$direct_body" == *'"orderId":"D000120170621"'* ]] || fail "unexpected order detail: $direct_body"
# A body over jsms-ops' 1 MiB --max-body is refused by nginx itself, never forwarded.
too_big=$(head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' |
  curl -sk -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary @- "https://127.0.0.1:$tls_port/demandOrder/list?probe=too-big")
[ "$too_big" = 413 ] || fail "a 1 MiB + 1 byte body through nginx: expected 413, got $too_big"
grep -qE '^413 "POST /demandOrder/list\?probe=too-big HTTP/[0-9.]+" upstream=-$' "$work/nginx/access.log" ||
  fail "the oversized body reached jsms-ops: $(grep too-big "$work/nginx/access.log")"

# --- The three rows, through nginx and then directly ---------------------------------------------
# Prints "CODE SECONDS" for one fresh request (CODE 000 when curl gave up).
fresh() {
  curl -sk -o /dev/null --max-time "$kDirectMaxSeconds" -w '%{http_code} %{time_total}' "$1" || true
}

attacker_pid=""
# Starts slow_clients.py against PORT (with TLS when the second word is tls) and waits until it
# is under way.
attack() {
  local port=$1 tls=$2
  shift 2
  local flags=(--port "$port")
  if [ "$tls" = tls ]; then flags+=(--tls); fi
  : >"$work/attack.out"
  python3 "$here/slow_clients.py" "${flags[@]}" "$@" >"$work/attack.out" 2>"$work/attack.err" &
  attacker_pid=$!
  pids+=("$attacker_pid")
  wait_for_line "$work/attack.out" '^ready$' 60 >/dev/null
}
stop_attack() {
  kill -TERM "$attacker_pid" 2>/dev/null || true
  wait "$attacker_pid" 2>/dev/null || true
}
# For the headers attack: waits for its result line (it ends by itself), prints it.
attack_result() {
  wait_for_line "$work/attack.out" '^result: ' 60 | sed 's/^result: //'
  wait "$attacker_pid" 2>/dev/null || true
}
# After a direct row jsms-ops needs a moment to drop what the clients left: waits until a fresh
# request is quick again, so that one row does not spill into the next.
wait_until_quick() {
  local deadline=$((SECONDS + 30)) result
  while true; do
    result=$(fresh "$direct_url")
    if [ "${result%% *}" = 200 ] && awk -v t="${result#* }" -v l="$kLimitSeconds" 'BEGIN { exit !(t < l) }'; then
      return
    fi
    ((SECONDS < deadline)) || fail "jsms-ops did not recover within 30 s after a direct row (last: $result)"
    sleep 0.1
  done
}

declare -A via direct
rows=("slow" "headers" "idle 100" "idle 300" "idle 1000")
describe() {
  case $1 in
    slow) echo "33 connections sending headers at 1 byte/s" ;;
    headers) echo "1 request with 20,000 headers of 8,000 bytes" ;;
    *) echo "${1#idle } idle connections" ;;
  esac
}
row_result=""
run_row() {  # run_row ROW PORT tls|plain URL: sets row_result to "CODE SECONDS|what the attacker saw"
  local row=$1 port=$2 tls=$3 url=$4 seen=""
  case $row in
    slow) attack "$port" "$tls" slow 33 ;;
    headers) attack "$port" "$tls" headers 20000 8000 ;;
    *) attack "$port" "$tls" idle "${row#idle }" ;;
  esac
  row_result=$(fresh "$url")
  if [ "$row" = headers ]; then
    seen=$(attack_result)
  else
    stop_attack
  fi
  row_result="$row_result|$seen"
}

baseline_via=$(fresh "$proxy_url")
baseline_direct=$(fresh "$direct_url")
for row in "${rows[@]}"; do
  run_row "$row" "$tls_port" tls "$proxy_url"
  via[$row]=$row_result
done
headers_log=$(grep 'attack=headers' "$work/nginx/access.log" || true)
# Meanwhile nginx's client_header_timeout (10 s) hangs up on slow clients of its own.
python3 "$here/slow_clients.py" --port "$tls_port" --tls slow 3 >"$work/cut-off.out" 2>"$work/cut-off.err" &
pids+=($!)
wait_for_line "$work/cut-off.out" '^ready$' 30 >/dev/null
for row in "${rows[@]}"; do
  run_row "$row" "$jsms_port" plain "$direct_url"
  direct[$row]=$row_result
  wait_until_quick
done

shown() {  # "CODE SECONDS|..." -> "4.1 ms (200)" or "no answer in 5 s"
  local code=${1%% *} rest=${1#* }
  local seconds=${rest%%|*}
  if [ "$code" = 000 ]; then echo "no answer in ${kDirectMaxSeconds} s"; else awk -v t="$seconds" -v c="$code" 'BEGIN { printf "%.1f ms (%s)", t * 1000, c }'; fi
}
echo
printf '%-46s %-22s %s\n' "fresh request while..." "through nginx" "straight to jsms-ops"
printf '%-46s %-22s %s\n' "(nothing)" "$(shown "$baseline_via|")" "$(shown "$baseline_direct|")"
for row in "${rows[@]}"; do
  printf '%-46s %-22s %s\n' "$(describe "$row")" "$(shown "${via[$row]}")" "$(shown "${direct[$row]}")"
done
echo "the 20,000-header request: through nginx ${via[headers]#*|}; straight: ${direct[headers]#*|}"
echo

# --- What is asserted ----------------------------------------------------------------------------
failures=0
for row in "${rows[@]}"; do
  result=${via[$row]%%|*}
  if [ "${result%% *}" != 200 ] || ! awk -v t="${result#* }" -v l="$kLimitSeconds" 'BEGIN { exit !(t < l) }'; then
    echo "FAIL: through nginx, $(describe "$row"): fresh request took $(shown "${via[$row]}"), limit ${kLimitSeconds} s" >&2
    failures=$((failures + 1))
  fi
done
# nginx refused the huge request itself (400: headers too large) and never passed it upstream.
if ! grep -q '^400 "GET /demandOrder/D000120170621?attack=headers HTTP/1.1" upstream=-$' <<<"$headers_log"; then
  echo "FAIL: nginx did not refuse the 20,000-header request without forwarding it: '$headers_log'" >&2
  failures=$((failures + 1))
fi
deadline=$((SECONDS + 15))
until [ "$(grep -c '^closed by the server' "$work/cut-off.out")" = 3 ] || ((SECONDS >= deadline)); do sleep 0.2; done
cut_off=$(grep '^closed by the server' "$work/cut-off.out" || true)
echo "3 clients sending headers at 1 byte/s through nginx: $(echo "$cut_off" | sed -n 's/closed by the server after //p' | paste -sd, -) (seconds until cut off)"
if [ "$(grep -c . <<<"$cut_off")" != 3 ] || grep -qvE 'after ([0-9]|1[0-5])\.[0-9] s$' <<<"$cut_off"; then
  echo "FAIL: nginx did not cut off each slow client within its client_header_timeout (10 s): '$cut_off'" >&2
  failures=$((failures + 1))
fi
((failures == 0)) || exit 1

# A clean stop, within the unit's TimeoutStopSec (10 s), once nginx's connections are gone.
kill -TERM "$nginx_pid"
wait "$nginx_pid" || true
stop_started=$SECONDS
kill -TERM "$jsms_pid"
status=0
wait "$jsms_pid" || status=$?
((status == 0)) || fail "jsms-ops exited with status $status on SIGTERM: $(cat "$work/jsms.err")"
((SECONDS - stop_started <= 10)) || fail "jsms-ops took $((SECONDS - stop_started)) s to stop"
echo "nginx proxy: all rows under ${kLimitSeconds} s through nginx; jsms-ops stopped cleanly"
