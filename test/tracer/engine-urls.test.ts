import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerRuntime } from '../../src/tracer/docker-runtime.js';
import { inspectImage } from '../../src/tracer/engine.js';

/**
 * An engine that only says "no such thing" and notes each request's path, on a socket of its own: what reaches
 * an engine's URL is seen as the engine sees it, whatever checks stand in front.
 */
describe('names in engine URLs', () => {
  const paths: string[] = [];
  const leaks: string[] = [];
  let engine: http.Server;
  let bystander: net.Server;
  let port = 0;
  let docker: Dockerode;

  beforeAll(async () => {
    const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-urls-')), 'engine.sock');
    engine = http.createServer((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such thing"}');
    });
    await new Promise<void>((resolve) => engine.listen(socketPath, resolve));
    bystander = net.createServer((socket) => {
      leaks.push('connection');
      socket.destroy();
    });
    await new Promise<void>((resolve) => bystander.listen(0, '127.0.0.1', resolve));
    port = (bystander.address() as net.AddressInfo).port;
    docker = new Dockerode({ socketPath });
  });
  afterAll(async () => {
    await new Promise((resolve) => engine.close(resolve));
    await new Promise((resolve) => bystander.close(resolve));
  });

  it('sends an image name as one encoded path segment, to the engine and nowhere else', async () => {
    const name = `../../127.0.0.1:${port}/x`;
    await expect(inspectImage(docker, name, { abortSignal: AbortSignal.timeout(5000) })).rejects.toMatchObject({ statusCode: 404 });
    await expect(inspectImage(docker, '', { abortSignal: AbortSignal.timeout(5000) })).rejects.toMatchObject({ statusCode: 404 });
    expect(paths).toEqual([`/images/..%2F..%2F127.0.0.1%3A${port}%2Fx/json`, '/images//json']);
    expect(leaks).toEqual([]);
  });

  it('refuses such a name before the engine is asked, and encodes a volume name', async () => {
    paths.length = 0;
    const runtime = dockerRuntime(docker);
    await expect(runtime.ensureImage(`../../127.0.0.1:${port}/x`)).rejects.toThrow(/is not an image name/);
    expect(paths).toEqual([]);
    const spec = { image: 'x', args: [], env: [], binds: ['a b?c:/c'], networkMode: 'none' };
    // Was "Request path contains unescaped characters", a bug's exit 70; now the engine's 404 becomes the user's line.
    await expect(runtime.create(spec, { name: 'functracer-test', labels: {} })).rejects.toThrow(
      '--volume a b?c:/c: there is no folder or volume called a b?c',
    );
    expect(paths).toEqual(['/volumes/a%20b%3Fc']);
    expect(leaks).toEqual([]);
  });
});
