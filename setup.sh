#!/usr/bin/env bash
# Takes a Debian or Ubuntu machine to a working functracer: the packages it
# needs, a running engine (never a second one), the npm packages and build,
# functracer on PATH, and the sample images and inputs. Run as root to install
# and start things; anyone else gets the commands to run instead.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'setup: %s\n' "$*"; }
is_root() { [ "$(id -u)" = 0 ]; }

# docker.io for the engine (trixie moved the docker command into docker-cli); busybox-static, imagemagick, gcc and
# libc6-dev for the sample images; tmux for npm test's terminal tests; cmake, autoconf, automake, libtool, g++, make
# and python3 compile AWS's Lambda client (aws-lambda-ric) for the lambda-node sample, built on demand; docker-registry
# serves the probe and function images to a swarm's nodes (--on swarm --registry), and test:swarm starts one of its own.
packages=(docker.io busybox-static imagemagick gcc libc6-dev tmux cmake autoconf automake libtool g++ make python3 docker-registry)
if apt-cache show docker-cli >/dev/null 2>&1; then packages+=(docker-cli); fi
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if ! is_root; then
    say "missing packages: ${missing[*]}"
    say "install them, then run ./setup.sh again: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "functracer needs Node 20 or later; this machine has $(node --version 2>/dev/null || echo none)"
  exit 1
fi

engine_answers() { docker version >/dev/null 2>&1; }
if ! engine_answers; then
  if [ -n "${DOCKER_HOST:-}" ]; then
    say "no engine answers at DOCKER_HOST=$DOCKER_HOST; start that one, or unset DOCKER_HOST"
    exit 1
  fi
  if ! is_root; then
    say "no engine answers; start one: sudo systemctl start docker"
    exit 1
  fi
  if [ -d /run/systemd/system ]; then
    say "starting the engine: systemctl start docker"
    systemctl start docker
  elif [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    say "a dockerd is already running (pid $(cat /var/run/docker.pid)); waiting for it to answer"
  else
    # Without systemd (a container, a minimal VM): a dockerd of its own. functracer runs functions without a
    # network by default, so the engine needs no bridge or iptables, which such hosts often cannot set up.
    rm -f /var/run/docker.pid
    say "starting the engine: dockerd --bridge=none --iptables=false (log: /var/log/functracer-dockerd.log)"
    nohup dockerd --bridge=none --iptables=false >/var/log/functracer-dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 120); do engine_answers && break; sleep 0.5; done
  engine_answers || { say "the engine did not answer within a minute; see /var/log/functracer-dockerd.log"; exit 1; }
fi

say "installing the npm packages and building"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi

say "putting functracer on PATH (npm link)"
if ! npm link --no-audit --no-fund --loglevel=error >/dev/null 2>&1; then
  say "npm link could not write to $(npm prefix -g); run: npm config set prefix ~/.local, add ~/.local/bin to PATH, then ./setup.sh again"
  exit 1
fi

say "building the sample images and inputs"
node dist/src/cli.js samples build
node dist/src/cli.js samples inputs >/dev/null

node dist/src/cli.js doctor
