#!/usr/bin/env bash
# The Deskphone lab: real SIP servers on 127.0.0.1, plain background processes with PID files.
#   lab/lab.sh start                 rtpengine, then Kamailio (UDP/TCP 5060, TLS 5061, WS 8080, WSS 8443,
#                                    registrar with digest auth, presence, MESSAGE), health-checked
#   lab/lab.sh peer NAME PORT CTRL WAV RTP_RANGE
#                                    a baresip user agent (auto-answer, WAV as its microphone,
#                                    received audio in $LAB/baresip/NAME/rec/*-dec.wav)
#   lab/lab.sh stop-kamailio | start-kamailio   (to test recovery from a server restart)
#   lab/lab.sh stop                  everything, by PID
#   lab/lab.sh status
# Tests run it inside a network namespace with only `lo` (scripts/in-netns.sh).
# Env: LAB (state directory, default /tmp/deskphone-lab): run/ log/ db/ certs/ baresip/ wav/.
set -uo pipefail
CONF="$(cd "$(dirname "$0")" && pwd)"
LAB=${LAB:-/tmp/deskphone-lab}
RUN=$LAB/run; LOG=$LAB/log
mkdir -p "$RUN" "$LOG"

ms() { date +%s%3N; }

start() {
  ip link set lo up 2>/dev/null || true
  # A lab CA (ca.pem: what TLS clients trust) and a server certificate it signs for
  # 127.0.0.1/localhost; a self-signed CA certificate cannot serve as the end entity.
  if [ ! -f "$LAB/certs/cert.pem" ] || [ ! -f "$LAB/certs/ca.pem" ]; then
    mkdir -p "$LAB/certs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Deskphone lab CA" \
        -keyout "$LAB/certs/ca-key.pem" -out "$LAB/certs/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$LAB/certs/key.pem" -out "$LAB/certs/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$LAB/certs/ext.cnf"
    openssl x509 -req -in "$LAB/certs/server.csr" -CA "$LAB/certs/ca.pem" -CAkey "$LAB/certs/ca-key.pem" \
        -CAcreateserial -days 3650 -extfile "$LAB/certs/ext.cnf" -out "$LAB/certs/cert.pem" 2>/dev/null
  fi

  start_rtpengine && start_kamailio
}

start_rtpengine() {
  # rtpengine first: Kamailio's module probes it when it starts.
  local t; t=$(ms)
  rtpengine --config-file="$CONF/rtpengine/rtpengine.conf" --config-section=rtpengine \
      --pidfile="$RUN/rtpengine.pid.own" > "$LOG/rtpengine.log" 2>&1 &
  echo $! > "$RUN/rtpengine.pid"
  local i
  for i in $(seq 1 200); do rtpengine-ctl -ip 127.0.0.1 -port 2224 list numsessions >/dev/null 2>&1 && break; sleep 0.05; done
  rtpengine-ctl -ip 127.0.0.1 -port 2224 list numsessions >/dev/null 2>&1 \
      || { echo "rtpengine FAILED"; tail -20 "$LOG/rtpengine.log"; return 1; }
  echo "rtpengine up in $(( $(ms) - t )) ms"
}

start_kamailio() {
  local t
  # A fresh db_text directory every Kamailio start (users only): pua state written at shutdown
  # cannot be read back by the next start (lab pitfall 1).
  rm -rf "$LAB/db"; "$CONF/kamailio/make-db.sh" "$LAB/db"
  t=$(ms)
  kamailio -f "$CONF/kamailio/kamailio.cfg" -A WITH_TLS -A WITH_RTPENGINE \
      -A "LAB_DBURL=\"text://$LAB/db\"" -A "LAB_CTL=\"unix:$RUN/kamailio_ctl\"" \
      -A "LAB_CERT=\"$LAB/certs/cert.pem\"" -A "LAB_KEY=\"$LAB/certs/key.pem\"" \
      -DD -E -Y "$RUN" -m 64 -M 8 > "$LOG/kamailio.log" 2>&1 &
  echo $! > "$RUN/kamailio.pid"
  # Health check: an OPTIONS ping answered over UDP.
  if python3 "$CONF/sip-options-ping.py" 127.0.0.1 5060 15 >/dev/null; then
    echo "kamailio up in $(( $(ms) - t )) ms"
  else
    echo "kamailio FAILED"; tail -20 "$LOG/kamailio.log"; return 1
  fi
}

# A baresip peer: auto-answers, plays WAV as its microphone, records what it receives.
peer() {
  local name=$1 port=$2 ctrl=$3 wav=$4 rtp=$5 dir="$LAB/baresip/$1"
  stop_one "baresip-$name"   # one instance per user: a second would fork every call
  rm -rf "$dir"; "$CONF/baresip/make-baresip.sh" "$dir" "$name" "${name}pw" "$port" "$ctrl" "$wav" "$rtp"
  local t; t=$(ms)
  baresip -f "$dir" < /dev/null > "$LOG/baresip-$name.log" 2>&1 &
  echo $! > "$RUN/baresip-$name.pid"
  local i
  for i in $(seq 1 200); do grep -q '200 OK' "$LOG/baresip-$name.log" && break; sleep 0.05; done
  grep -q '200 OK' "$LOG/baresip-$name.log" || { echo "baresip $name did not register"; tail -20 "$LOG/baresip-$name.log"; return 1; }
  echo "baresip $name registered in $(( $(ms) - t )) ms"
}

stop_one() {  # NAME: TERM, again after 3 s (baresip's first TERM un-registers), KILL after 2 s more
  local f="$RUN/$1.pid" p i; [ -f "$f" ] || return 0
  p=$(cat "$f"); rm -f "$f"
  kill -0 "$p" 2>/dev/null || return 0
  kill "$p" 2>/dev/null
  for i in $(seq 1 30); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill "$p" 2>/dev/null
  for i in $(seq 1 20); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$p" 2>/dev/null; echo "killed -9 $1 ($p)"
}

stop() {
  local f
  for f in "$RUN"/*.pid; do [ -e "$f" ] || continue; case "$f" in *kamailio.pid|*rtpengine.pid) ;; *) stop_one "$(basename "$f" .pid)" ;; esac; done
  stop_one kamailio; stop_one rtpengine
}

status() {
  local f n
  for f in "$RUN"/*.pid; do
    [ -e "$f" ] || continue; n=$(basename "$f" .pid)
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$n: running ($(cat "$f"))"; else echo "$n: down"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  peer) shift; peer "$@" ;;
  stop-peer) stop_one "baresip-$2" ;;   # its first TERM un-registers it
  stop-kamailio) stop_one kamailio ;;
  start-kamailio) start_kamailio ;;
  *) echo "usage: $0 start|stop|status|peer NAME PORT CTRL WAV RTP_RANGE|stop-peer NAME" >&2; exit 2 ;;
esac
