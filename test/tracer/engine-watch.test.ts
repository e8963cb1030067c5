import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { Interrupted } from '../../src/core/errors.js';
import { EngineLost, EngineWatch, type SlowCall } from '../../src/tracer/engine-watch.js';

const DEADLINE_MS = 600;
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

function socketPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-watch-'));
  closers.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'engine.sock');
}

/** An engine that answers pings at once, or, once `silent`, accepts connections and answers nothing. */
async function fakeEngine(): Promise<{ docker: Dockerode; silence(): void }> {
  const at = socketPath();
  let silent = false;
  const server = http.createServer((request, response) => {
    if (silent) return;
    if (request.url?.endsWith('/_ping')) response.end('OK');
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(at, resolve));
  closers.push(() => {
    sockets.forEach((socket) => socket.destroy());
    server.close();
  });
  return { docker: new Dockerode({ socketPath: at }), silence: () => (silent = true) };
}

/** A call that answers after `ms`, or never; its abort is honoured as a real request's is. */
function callTaking(ms: number | undefined) {
  return ({ abortSignal }: { abortSignal: AbortSignal }) =>
    new Promise<string>((resolve, reject) => {
      const timer = ms === undefined ? undefined : setTimeout(() => resolve('answered'), ms);
      abortSignal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      });
    });
}

describe('the engine watch', () => {
  it('waits for a slow call while pings are answered, and says it was slow', async () => {
    const { docker } = await fakeEngine();
    const watch = new EngineWatch(docker, DEADLINE_MS);
    const told: SlowCall[] = [];
    const answer = await watch.call('the start of x', callTaking(3 * DEADLINE_MS), { onSlow: (slow) => told.push(slow) });
    expect(answer).toBe('answered');
    expect(told.map((t) => t.answered)).toEqual([false, true]);
    expect(told[1]!.ms).toBeGreaterThanOrEqual(3 * DEADLINE_MS);
    expect(told[1]!.what).toBe('the start of x');
  });

  it('ends a call once the engine answers nothing, not even a ping, for the deadline', async () => {
    const engine = await fakeEngine();
    const watch = new EngineWatch(engine.docker, DEADLINE_MS);
    const started = Date.now();
    const call = watch.call('the start of x', callTaking(undefined));
    engine.silence();
    await expect(call).rejects.toBeInstanceOf(EngineLost);
    await expect(call).rejects.toThrow(/answered nothing, not even a ping, for 0\.6 s during the start of x/);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 500);
  });

  it('ends a call at once when nothing listens on the engine socket any more', async () => {
    const { docker } = await fakeEngine();
    const watch = new EngineWatch(docker, DEADLINE_MS);
    const call = watch.call('the wait for the exit of x', callTaking(undefined), { patient: true });
    closers.splice(0).forEach((close) => close());
    await expect(call).rejects.toThrow(/went away \((ENOENT|ECONNREFUSED)\) during the wait for the exit of x/);
  });

  it('gives up on an engine that answers pings but never the call, after the outer limit', async () => {
    const { docker } = await fakeEngine();
    const watch = new EngineWatch(docker, 100);
    await expect(watch.call('the pull of x', callTaking(undefined))).rejects.toThrow(
      /answers, but did not answer the pull of x within 1 s/,
    );
  });

  it('abandons a call at a stop, at once or after its grace', async () => {
    const { docker } = await fakeEngine();
    const watch = new EngineWatch(docker, DEADLINE_MS);
    const stop = new AbortController();
    const call = watch.call('the pull of x', callTaking(undefined), { signal: stop.signal });
    stop.abort('SIGTERM');
    await expect(call).rejects.toBeInstanceOf(Interrupted);
    await expect(call).rejects.toMatchObject({ exitCode: 143 });
    // With a grace, a call the engine answers in time is answered, not interrupted.
    const graced = new AbortController();
    const create = watch.call('the creation of x', callTaking(100), { signal: graced.signal, stopGraceMs: DEADLINE_MS });
    graced.abort('SIGINT');
    await expect(create).resolves.toBe('answered');
  });
});
