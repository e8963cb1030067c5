/**
 * Builds a guest's disk, kernel and initrd from Debian's packages, once per
 * recipe: the result is cached outside the checkout, in a folder named by a
 * hash of everything that shapes it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIRROR, type GuestRecipe } from './recipes.js';
import { run } from './exec.js';

export interface GuestImage {
  kernel: string;
  initrd: string;
  root: string;
}

/** Raise it when a change here, not in a recipe, changes what an image holds. */
const FORMAT = 3;

/** Started by systemd once the guest is up: mounts what the host shares and runs the checkout's guest script. */
const ENTRY = `#!/bin/sh
mkdir -p /exchange /functracer
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 exchange /exchange
mount /dev/vdb /functracer
bash /functracer/test/vm/guest/run.sh > /exchange/guest.log 2>&1
echo "functracer-vm: guest script exited $?"
`;

const UNIT = `[Unit]
Description=functracer VM checks
After=multi-user.target docker.service
Wants=docker.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/functracer-vm-entry
ExecStopPost=/bin/systemctl poweroff --no-block
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
TimeoutStartSec=infinity

[Install]
WantedBy=multi-user.target
`;

function cacheRoot(): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return process.env.FUNCTRACER_VM_CACHE ?? path.join(cache, 'functracer', 'vm');
}

function recipeHash(recipe: GuestRecipe): string {
  // Only what goes into the image: a change to the checks run in it needs no rebuild.
  const shape = JSON.stringify({ FORMAT, suite: recipe.suite, packages: recipe.packages, MIRROR, ENTRY, UNIT });
  return createHash('sha256').update(shape).digest('hex').slice(0, 12);
}

function imageIn(dir: string): GuestImage {
  return { kernel: path.join(dir, 'vmlinux'), initrd: path.join(dir, 'initrd.img'), root: path.join(dir, 'root.img') };
}

/** The cached image, built first if missing. A build that died half-way is never taken for one. */
export async function guestImage(recipe: GuestRecipe, log: (line: string) => void): Promise<GuestImage> {
  const dir = path.join(cacheRoot(), `${recipe.name}-${recipeHash(recipe)}`);
  if (fs.existsSync(path.join(dir, 'ready'))) return imageIn(dir);
  const staging = `${dir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const rootDir = path.join(staging, 'rootfs');
  const started = Date.now();
  log(`building ${recipe.name} (${recipe.suite}) from ${MIRROR}; this takes a few minutes, once`);
  await run('debootstrap', ['--variant=minbase', `--include=${recipe.packages.join(',')}`, recipe.suite, rootDir, MIRROR], {
    logFile: path.join(staging, 'debootstrap.log'),
  });
  await configure(rootDir);
  const image = imageIn(staging);
  await extractKernel(rootDir, image.kernel);
  fs.copyFileSync(onlyMatch(path.join(rootDir, 'boot'), /^initrd\.img-/), image.initrd);
  await run('mkfs.ext4', ['-q', '-F', '-L', 'root', '-d', rootDir, image.root, '4G']);
  fs.rmSync(rootDir, { recursive: true, force: true });
  fs.writeFileSync(path.join(staging, 'ready'), `${new Date().toISOString()}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  log(`built ${recipe.name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return imageIn(dir);
}

async function configure(rootDir: string): Promise<void> {
  const write = (file: string, text: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(rootDir, file)), { recursive: true });
    fs.writeFileSync(path.join(rootDir, file), text, { mode });
  };
  write('etc/hostname', 'functracer-vm\n');
  write('etc/fstab', '');
  write('usr/local/sbin/functracer-vm-entry', ENTRY, 0o755);
  write('etc/systemd/system/functracer-vm.service', UNIT);
  const link = (target: string, name: string) => {
    fs.mkdirSync(path.dirname(path.join(rootDir, name)), { recursive: true });
    fs.rmSync(path.join(rootDir, name), { force: true });
    fs.symlinkSync(target, path.join(rootDir, name));
  };
  link('/etc/systemd/system/functracer-vm.service', 'etc/systemd/system/multi-user.target.wants/functracer-vm.service');
  // Nobody logs in: a login prompt on the serial line would only interleave with the checks' output.
  for (const unit of ['serial-getty@ttyS0.service', 'getty@tty1.service']) link('/dev/null', `etc/systemd/system/${unit}`);
  // A user in the docker group, who is not root: what most lab users are.
  await run('chroot', [rootDir, 'useradd', '--create-home', '--groups', 'docker', '--shell', '/bin/bash', 'lab']);
}

function onlyMatch(dir: string, pattern: RegExp): string {
  const names = fs.readdirSync(dir).filter((name) => pattern.test(name));
  if (names.length !== 1) throw new Error(`expected one ${pattern} in ${dir}, found ${names.length}`);
  return path.join(dir, names[0]!);
}

/**
 * qemu boots the uncompressed ELF kernel through its PVH note; the bzImage's
 * own decompressor is what the nested KVM here fails on. The setup header says
 * where the compressed payload is (offsets from the x86 boot protocol).
 */
async function extractKernel(rootDir: string, out: string): Promise<void> {
  const image = fs.readFileSync(onlyMatch(path.join(rootDir, 'boot'), /^vmlinuz-/));
  const setupSectors = image[0x1f1] || 4;
  const payloadStart = (setupSectors + 1) * 512 + image.readUInt32LE(0x248);
  const payload = image.subarray(payloadStart, payloadStart + image.readUInt32LE(0x24c));
  const compressed = `${out}.payload`;
  fs.writeFileSync(compressed, payload);
  const zstd = payload.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
  const xz = payload.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  if (!zstd && !xz) throw new Error(`the kernel's payload is neither zstd nor xz (starts ${payload.subarray(0, 6).toString('hex')})`);
  // The payload ends with the uncompressed size, which both tools see as trailing garbage once the stream is out.
  await run(zstd ? 'zstd' : 'xz', zstd ? ['-d', '-q', '-c', compressed] : ['-d', '-c', '--single-stream', compressed], {
    stdoutFile: out,
    allowFailure: true,
  });
  fs.rmSync(compressed);
  const elf = fs.readFileSync(out).subarray(0, 4);
  if (!elf.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) throw new Error('the decompressed kernel is not an ELF vmlinux');
}
