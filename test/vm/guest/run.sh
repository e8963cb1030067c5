#!/bin/bash
# Runs inside a test:vm guest as root, started by systemd once the guest is up.
# The host shares /exchange (node, the images, the scenario list; results come
# back there) and the checkout as a disk at /functracer.
set -uo pipefail
export HOME=/root PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
cd /functracer
say() { echo "functracer-vm: $*" > /dev/ttyS0; }
install -m 0755 /exchange/node /usr/local/bin/node
say "kernel $(uname -r), $(stat -fc %T /sys/fs/cgroup), node $(node -v)"

wait_for() {
  for _ in $(seq 1 240); do "$@" > /dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

docker_engine() {
  wait_for docker version || { say "docker did not start"; return 1; }
  docker load -i /exchange/images.tar > /dev/null
}

# A hand-written probe, when the host gives one (FUNCTRACER_VM_DEBUG), runs first.
if [ -f /exchange/debug.sh ]; then
  say "debug.sh"
  bash /exchange/debug.sh > /exchange/debug.log 2>&1
fi

for scenario in $(cat /exchange/scenarios); do
  say "scenario $scenario"
  case "$scenario" in
    docker-root)
      docker_engine || continue
      node dist/test/vm/guest/checks.js docker-root > "/exchange/result-$scenario.json"
      if [ -f /exchange/vitest ]; then
        say "vitest $(cat /exchange/vitest)"
        # shellcheck disable=SC2046
        FUNCTRACER_REQUIRE_DOCKER=1 FUNCTRACER_EMULATED=1 node node_modules/vitest/vitest.mjs run $(cat /exchange/vitest) > "/exchange/vitest-$scenario.log" 2>&1
        echo "$?" > "/exchange/vitest-$scenario.rc"
      fi
      ;;
    docker-user)
      docker_engine || continue
      runuser -u lab -- node dist/test/vm/guest/checks.js docker-user > "/exchange/result-$scenario.json"
      ;;
    podman-root)
      systemctl stop docker.socket docker.service
      podman load -i /exchange/images.tar > /dev/null
      podman system service --time=0 unix:///run/podman/podman.sock &
      service_pid=$!
      wait_for test -S /run/podman/podman.sock
      DOCKER_HOST=unix:///run/podman/podman.sock node dist/test/vm/guest/checks.js podman-root > "/exchange/result-$scenario.json"
      kill "$service_pid"
      wait "$service_pid"
      ;;
  esac
  say "scenario $scenario done"
done
