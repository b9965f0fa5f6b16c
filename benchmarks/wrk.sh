#!/usr/bin/env bash
# Loopback HTTP load test: the same HTTPS page with HardeningFilter on and off, 10 s each.
#
#   benchmarks/wrk.sh                      # demo app if built, else the benchmarks' WrkServer
#   WRK_DURATION=30s WRK_CONNECTIONS=32 benchmarks/wrk.sh
#
# Target:
#   1. demo-app/target/demo-app.jar, when it exists and its --help offers --hardening:
#      java -jar demo-app/target/demo-app.jar --data-dir <tmp> --http-port P --https-port Q [--hardening off]
#      and wrk against https://127.0.0.1:Q/
#   2. otherwise io.portcullis.benchmarks.WrkServer from benchmarks/target/benchmarks.jar (a small
#      embedded Jetty page with/without HardeningFilter), wrk against https://127.0.0.1:Q/page
#      (build it with: mvn -B -o -pl benchmarks -am package -DskipTests). WRK_TARGET=server forces it.
# Needs: wrk (Debian: apt-get install -y wrk), curl, java 17+. Nothing is left behind: the data
# directory is a fresh temp dir, deleted at exit, and only the servers started here are stopped.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${WRK_DURATION:-10s}
WARMUP=${WRK_WARMUP:-5s}
CONNECTIONS=${WRK_CONNECTIONS:-16}
THREADS=${WRK_THREADS:-2}
DEMO_JAR=demo-app/target/demo-app.jar
BENCH_JAR=benchmarks/target/benchmarks.jar

command -v wrk >/dev/null || { echo "wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

TARGET=${WRK_TARGET:-}
if [[ -z "$TARGET" ]]; then
  if [[ -f "$DEMO_JAR" ]] && java -jar "$DEMO_JAR" --help 2>&1 | grep -q -- '--hardening'; then
    TARGET=demo
  else
    TARGET=server
  fi
fi
if [[ "$TARGET" == server && ! -f "$BENCH_JAR" ]]; then
  echo "$BENCH_JAR is missing: mvn -B -o -pl benchmarks -am package -DskipTests" >&2
  exit 2
fi

WORK=$(mktemp -d /tmp/portcullis-wrk.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() { # $1 = on|off; sets SERVER_PID and URL
  local mode=$1 http https
  http=$(free_port); https=$(free_port)
  if [[ "$TARGET" == demo ]]; then
    java -jar "$DEMO_JAR" --data-dir "$WORK/data-$mode" --http-port "$http" --https-port "$https" \
      --hardening "$mode" >"$WORK/server-$mode.log" 2>&1 &
    URL="https://127.0.0.1:$https/"
  else
    java -cp "$BENCH_JAR" io.portcullis.benchmarks.WrkServer "$https" "$mode" >"$WORK/server-$mode.log" 2>&1 &
    URL="https://127.0.0.1:$https/page"
  fi
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -sk -o /dev/null "$URL"; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited; its output:" >&2; cat "$WORK/server-$mode.log" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "server did not answer on $URL within 60 s" >&2; exit 1
}

stop() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) target=$TARGET, $(java -version 2>&1 | head -1), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up run that is not reported)"
for mode in on off; do
  start "$mode"
  echo
  echo "## hardening $mode: $URL"
  curl -sk -o /dev/null -w "# first check: HTTP %{http_code}, %{size_download} body bytes\n" "$URL"
  curl -sk -D - -o /dev/null "$URL" | grep -i -E '^(strict-transport-security|content-security-policy):' | cut -c1-100 | sed 's/^/#   /' || echo "#   (no HSTS / CSP headers)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$URL" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL"
  stop
done
