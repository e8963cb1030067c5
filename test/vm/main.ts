/**
 * `npm run test:vm`: boots real guests of the kinds users run (cgroup v2 with
 * systemd, a kernel without a resettable peak, Podman, a non-root user) under
 * qemu, runs functracer and its engine tests inside each, and prints what each
 * host measured. Exits non-zero if any guest fails its checks.
 *
 * FUNCTRACER_REQUIRE_VM=1 turns a missing qemu or debootstrap into a failure;
 * FUNCTRACER_VM_GUESTS=debian13,... picks guests; FUNCTRACER_VM_TESTS names
 * the test files run inside them; FUNCTRACER_VM_SCENARIOS=docker-root,... (or
 * "," for none) the checks; FUNCTRACER_VM_DEBUG=script.sh runs a probe
 * as root in each guest first (its output: debug.log beside the results).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { connectEngine } from '../../src/tracer/engine.js';
import { bootGuest } from './boot-guest.js';
import { guestImage } from './build-guest.js';
import { onPath, run } from './exec.js';
import { GUESTS, HOST_PODMAN, type GuestRecipe } from './recipes.js';
import { runOnHostPodman } from './host-podman.js';
import { judge, summaryLines, type GuestReport } from './verdict.js';

const TOOLS = ['qemu-system-x86_64', 'debootstrap', 'mkfs.ext4', 'zstd', 'xz'];
/**
 * The engine tests that exercise what differs between hosts: where the cgroup
 * is, what its files say, and what is left after a run. Under full emulation
 * a guest runs them five to ten times slower than this host, and the CLI tests'
 * time limits (made for a host) run out: the guest checks cover the CLI there.
 * FUNCTRACER_VM_TESTS runs any others.
 */
const DEFAULT_TESTS = [
  'test/tracer/cgroup-live.test.ts',
  'test/tracer/peak-no-reset.test.ts',
  'test/tracer/trace-run.test.ts',
  'test/tracer/final-mark.test.ts',
].join(' ');
const checkout = path.resolve(import.meta.dirname, '../../..');
const log = (line: string) => console.log(`test:vm: ${line}`);

function skipOrFail(reason: string): never {
  if (process.env.FUNCTRACER_REQUIRE_VM === '1') {
    console.error(`test:vm: FAILED: ${reason} (FUNCTRACER_REQUIRE_VM=1)`);
    process.exit(1);
  }
  console.log(`\n*** SKIPPED test:vm: ${reason}. Set FUNCTRACER_REQUIRE_VM=1 to make this a failure. ***\n`);
  process.exit(0);
}

const missing = TOOLS.filter((tool) => !onPath(tool));
if (missing.length > 0) skipOrFail(`${missing.join(', ')} not found (apt-get install qemu-system-x86 debootstrap e2fsprogs zstd xz-utils)`);
if (process.getuid?.() !== 0) skipOrFail('building guest images takes root (debootstrap, chroot)');

const wanted = process.env.FUNCTRACER_VM_GUESTS?.split(',').filter(Boolean);
const guests = wanted ? GUESTS.filter((g) => wanted.includes(g.name)) : GUESTS;
const names = [HOST_PODMAN, ...GUESTS].map((g) => g.name);
const unknown = wanted?.filter((name) => !names.includes(name)) ?? [];
if (unknown.length > 0) skipOrFail(`no guest named ${unknown.join(', ')}; there are ${names.join(', ')}`);

const docker = await connectEngine().catch((error: unknown) =>
  skipOrFail(`no engine on this host to build the sample images with: ${String(error)}`),
);
log('building the sample images on this host, where gcc and ImageMagick are');
const samples = await buildSamples(docker);
const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-vm-'));
const imagesTar = path.join(shared, 'images.tar');
await run('docker', ['save', '-o', imagesTar, ...samples.map((s) => s.sample.name)]);

async function runGuest(recipe: GuestRecipe): Promise<GuestReport> {
  const started = Date.now();
  const image = await guestImage(recipe, log);
  const exchange = fs.mkdtempSync(path.join(shared, `${recipe.name}-`));
  fs.copyFileSync(process.execPath, path.join(exchange, 'node'));
  fs.linkSync(imagesTar, path.join(exchange, 'images.tar'));
  const scenarios = process.env.FUNCTRACER_VM_SCENARIOS?.split(',').filter(Boolean) ?? recipe.scenarios;
  fs.writeFileSync(path.join(exchange, 'scenarios'), `${scenarios.join('\n')}\n`);
  if (process.env.FUNCTRACER_VM_DEBUG) fs.copyFileSync(process.env.FUNCTRACER_VM_DEBUG, path.join(exchange, 'debug.sh'));
  const tests = process.env.FUNCTRACER_VM_TESTS ?? DEFAULT_TESTS;
  if (tests.trim()) fs.writeFileSync(path.join(exchange, 'vitest'), `${tests}\n`);
  const bootOnce = async () => {
    log(`booting ${recipe.name}: ${recipe.title}`);
    let panicked = false;
    const boot = await bootGuest(image, {
      exchange,
      checkout,
      timeoutMs: Number(process.env.FUNCTRACER_VM_TIMEOUT_MS ?? 40 * 60_000),
      onLine: (line) => {
        panicked ||= line.includes('Kernel panic');
        console.log(`[${recipe.name}] ${line}`);
      },
    });
    return { boot, panicked };
  };
  let attempt = await bootOnce();
  // Full emulation (TCG) now and then oopses while the kernel patches its own code at boot, before any check ran:
  // that is the emulator's, not functracer's, so the guest is booted once more; a second panic is reported.
  if (attempt.panicked && fs.readdirSync(exchange).every((file) => !file.endsWith('.json'))) {
    log(`${recipe.name} panicked before any check ran; booting it once more`);
    attempt = await bootOnce();
  }
  const report = judge(recipe, exchange, attempt.boot);
  // What went in is big and can be made again; what came back stays for reading.
  for (const file of ['node', 'images.tar']) fs.rmSync(path.join(exchange, file), { force: true });
  report.minutes = (Date.now() - started) / 60_000;
  return report;
}

async function runHost(): Promise<GuestReport> {
  const started = Date.now();
  const exchange = fs.mkdtempSync(path.join(shared, `${HOST_PODMAN.name}-`));
  log(`running on ${HOST_PODMAN.title}`);
  await runOnHostPodman(imagesTar, checkout, exchange);
  const report = judge(HOST_PODMAN, exchange, { seconds: (Date.now() - started) / 1000, timedOut: false });
  report.minutes = (Date.now() - started) / 60_000;
  return report;
}

const reports: GuestReport[] = [];
if (!wanted || wanted.includes(HOST_PODMAN.name)) {
  if (onPath('podman')) reports.push(await runHost());
  else if (process.env.FUNCTRACER_REQUIRE_VM === '1') {
    reports.push({
      guest: HOST_PODMAN.name,
      title: HOST_PODMAN.title,
      minutes: 0,
      bootSeconds: 0,
      scenarios: [],
      failures: ['podman is not installed here (apt-get install podman)'],
    });
  } else console.log('\n*** SKIPPED host-podman: podman is not installed here (apt-get install podman). ***\n');
}
for (const recipe of guests) reports.push(await runGuest(recipe));
fs.rmSync(imagesTar, { force: true });
const width = Number(process.env.COLUMNS) > 0 ? Number(process.env.COLUMNS) : 80;
console.log(summaryLines(reports, width).join('\n'));
fs.writeFileSync(path.join(shared, 'summary.json'), `${JSON.stringify(reports, null, 2)}\n`);
log(`results and guest logs are in ${shared}`);
process.exit(reports.every((r) => r.failures.length === 0) ? 0 : 1);
