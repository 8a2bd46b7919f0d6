#!/usr/bin/env bash
# Makes sure a throwaway redis-server runs on 127.0.0.1 for tests that need one. Idempotent and cheap:
# installs redis-server with apt-get only when it is missing, starts it only when nothing answers on the port.
#
#   bash build/ensure-redis.sh          # start (or reuse) on port ${REDIS_PORT:-6390}; prints REDIS_CONNECTION=...
#   bash build/ensure-redis.sh stop     # stop the instance started by this script (pid from its pidfile)
#
# Environment: REDIS_PORT (default 6390), REDIS_RUN_DIR (default ${TMPDIR:-/tmp}/cachingarchitect-redis-<port>).
# No persistence (--save '' --appendonly no); data, log and pidfile live in REDIS_RUN_DIR.
set -euo pipefail

PORT="${REDIS_PORT:-6390}"
RUN_DIR="${REDIS_RUN_DIR:-${TMPDIR:-/tmp}/cachingarchitect-redis-$PORT}"
PIDFILE="$RUN_DIR/redis.pid"

ping_redis() {
  command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null || true)" = "PONG" ]
}

if [ "${1:-start}" = "stop" ]; then
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"
    for _ in $(seq 1 50); do kill -0 "$(cat "$PIDFILE" 2>/dev/null || echo 0)" 2>/dev/null || break; sleep 0.1; done
    echo "ensure-redis.sh: stopped redis on port $PORT"
  else
    echo "ensure-redis.sh: no redis started by this script on port $PORT"
  fi
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "ensure-redis.sh: installing redis-server (apt-get)..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq </dev/null
  $SUDO apt-get install -y -qq redis-server </dev/null >/dev/null
fi

if ping_redis; then
  echo "ensure-redis.sh: redis already answers on 127.0.0.1:$PORT"
else
  mkdir -p "$RUN_DIR"
  redis-server --port "$PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --dir "$RUN_DIR" --pidfile "$PIDFILE" --logfile "$RUN_DIR/redis.log" </dev/null
  for _ in $(seq 1 100); do
    if ping_redis; then break; fi
    sleep 0.1
  done
  if ! ping_redis; then
    echo "ensure-redis.sh: redis-server did not answer on 127.0.0.1:$PORT; log:" >&2
    tail -20 "$RUN_DIR/redis.log" >&2 || true
    exit 1
  fi
  echo "ensure-redis.sh: started redis $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -c3-) on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), dir $RUN_DIR)"
fi
echo "REDIS_CONNECTION=127.0.0.1:$PORT"
