#!/usr/bin/env bash
# Run a command in a fresh network namespace whose only interface is lo, so that the lab,
# Chromium's ICE and baresip stay on 127.0.0.1 and nothing leaves the machine.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  exec unshare --net -- bash -c 'ip link set lo up && exec "$@"' in-netns "$@"
else
  exec unshare --map-root-user --net -- bash -c 'ip link set lo up && exec "$@"' in-netns "$@"
fi
