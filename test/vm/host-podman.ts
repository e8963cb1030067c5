/**
 * Podman on this host, beside the guests: Debian 12's Podman 4.3 with runc on
 * cgroup v1. Its own storage, settings and socket live in a temporary folder,
 * so nothing of the host's own Podman (if any) is touched.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './exec.js';

/**
 * This machine refuses the rlimits Podman asks for by default, and crun refuses
 * its hybrid cgroup layout; runc and modest limits run.
 */
const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
`;

export async function runOnHostPodman(imagesTar: string, checkout: string, exchange: string): Promise<void> {
  // Podman refuses a runroot path longer than 50 characters.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ft-podman-'));
  const conf = path.join(dir, 'containers.conf');
  fs.writeFileSync(conf, CONTAINERS_CONF);
  const env = { ...process.env, CONTAINERS_CONF: conf };
  const podman = ['--root', path.join(dir, 'storage'), '--runroot', path.join(dir, 'run')];
  const log = path.join(exchange, 'guest.log');
  const socket = path.join(dir, 'podman.sock');
  await run('podman', [...podman, 'load', '-i', imagesTar], { logFile: log, env });
  const service = spawn('podman', [...podman, 'system', 'service', '--time=0', `unix://${socket}`], {
    env,
    stdio: ['ignore', 'ignore', fs.openSync(log, 'a')],
  });
  try {
    for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await run(process.execPath, [path.join(checkout, 'dist/test/vm/guest/checks.js'), 'podman-host'], {
      stdoutFile: path.join(exchange, 'result-podman-host.json'),
      logFile: log,
      env: { ...process.env, DOCKER_HOST: `unix://${socket}` },
      cwd: checkout,
      allowFailure: true,
    });
  } finally {
    // Only the service this started, by its own handle.
    service.kill('SIGTERM');
    await new Promise((resolve) => service.on('close', resolve));
    await run('podman', [...podman, 'rm', '--all', '--force'], { logFile: log, env, allowFailure: true });
    await run('podman', [...podman, 'rmi', '--all', '--force'], { logFile: log, env, allowFailure: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
