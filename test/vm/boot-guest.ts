/**
 * Boots a guest under qemu's full emulation (the nested KVM here fails Debian
 * kernels) with no network at all, and waits for it to power itself off.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { GuestImage } from './build-guest.js';
import { run } from './exec.js';

export interface BootOptions {
  /** Shared with the guest as /exchange: what goes in, and its results. */
  exchange: string;
  /** Copied onto a disk the guest mounts at /functracer. */
  checkout: string;
  timeoutMs: number;
  /** Each line the guest prints on its serial console. */
  onLine: (line: string) => void;
}

export interface BootOutcome {
  seconds: number;
  timedOut: boolean;
}

export async function bootGuest(image: GuestImage, options: BootOptions): Promise<BootOutcome> {
  const work = path.join(options.exchange, 'checkout.img');
  // A disk, not a share: node loads thousands of small files, and 9p costs a round trip each under emulation.
  await run('mkfs.ext4', ['-q', '-F', '-L', 'functracer', '-d', options.checkout, work, '3G']);
  const started = Date.now();
  const qemu = spawn(
    'qemu-system-x86_64',
    [
      ...['-accel', 'tcg,thread=multi', '-cpu', 'max', '-m', '4096', '-smp', '2'],
      ...['-nographic', '-no-reboot', '-nic', 'none'],
      ...['-kernel', image.kernel, '-initrd', image.initrd],
      ...['-append', 'root=/dev/vda rw console=ttyS0 quiet loglevel=3 systemd.show_status=false panic=-1'],
      // The cached image stays as built: the guest's writes go to a throwaway overlay.
      ...['-drive', `file=${image.root},format=raw,if=virtio,snapshot=on`],
      ...['-drive', `file=${work},format=raw,if=virtio`],
      ...['-virtfs', `local,path=${options.exchange},mount_tag=exchange,security_model=none`],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let pending = '';
  const lines = (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split(/\r?\n/);
    pending = parts.pop() ?? '';
    for (const line of parts) {
      // The firmware clears the screen and sets modes on the serial line; only the text is worth passing on.
      // eslint-disable-next-line no-control-regex
      const text = line.replace(/\x1b(\[[?!0-9;]*[A-Za-z]|c)/g, '').trim();
      if (text) options.onLine(text);
    }
  };
  qemu.stdout.on('data', lines);
  qemu.stderr.on('data', lines);
  let timedOut = false;
  // Only the qemu this started, by its own handle.
  const timer = setTimeout(() => {
    timedOut = true;
    qemu.kill('SIGKILL');
  }, options.timeoutMs);
  await new Promise<void>((resolve, reject) => {
    qemu.on('error', reject);
    qemu.on('close', () => resolve());
  });
  clearTimeout(timer);
  fs.rmSync(work, { force: true });
  return { seconds: (Date.now() - started) / 1000, timedOut };
}
