import http from 'node:http';
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { MAX_RESPONSE_BYTES, startRuntimeApi, type ApiEvent, type RuntimeApi } from '../../src/tracer/lambda/runtime-api.js';

/** The protocol through real HTTP on one kept-alive connection, as a runtime's client speaks it. No engine needed. */
const NEXT = '/2018-06-01/runtime/invocation/next';
const opened: RuntimeApi[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

afterEach(async () => {
  await Promise.all(opened.splice(0).map((api) => api.close()));
});

async function api(): Promise<{ api: RuntimeApi; events: ApiEvent[] }> {
  const events: ApiEvent[] = [];
  const started = await startRuntimeApi({
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    onEvent: (e) => events.push(e),
  });
  opened.push(started);
  return { api: started, events };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  address: string,
  method: string,
  path: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
  /** On the kept-alive connection, as a runtime's client; false for a connection of its own. */
  keptAlive = true,
): Promise<Reply> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), method, path, agent: keptAlive ? agent : false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

it('listens on 127.0.0.1 only, at an ephemeral port', async () => {
  const { api: served } = await api();
  expect(served.address).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(Number(served.address.split(':')[1])).toBeGreaterThan(1023);
});

it("hands an event to the runtime that waits, with Lambda's headers, and takes its response with a 202", async () => {
  const { api: served, events } = await api();
  const next = request(served.address, 'GET', NEXT);
  expect(await served.next()).toMatchObject({ kind: 'next' });
  const before = Date.now();
  const call = served.invoke(Buffer.from('{"mb":1}'), 3000);
  const got = await next;
  expect(got.status).toBe(200);
  expect(got.body).toBe('{"mb":1}');
  expect(got.headers['lambda-runtime-aws-request-id']).toBe(call.requestId);
  expect(got.headers['lambda-runtime-invoked-function-arn']).toBe('arn:aws:lambda:us-east-1:000000000000:function:f');
  expect(got.headers['lambda-runtime-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  const deadline = Number(got.headers['lambda-runtime-deadline-ms']);
  expect(deadline).toBeGreaterThanOrEqual(before + 3000 - 1);
  expect(deadline).toBeLessThanOrEqual(Date.now() + 3000 + 1);
  const handedOut = await call.handedOut;
  const posted = await request(served.address, 'POST', `/2018-06-01/runtime/invocation/${call.requestId}/response`, '{"ok":true}');
  expect(posted.status).toBe(202);
  const answer = await call.answer;
  expect(answer).toMatchObject({ kind: 'response' });
  expect(answer.kind === 'response' && answer.body.toString()).toBe('{"ok":true}');
  expect(answer.atMs).toBeGreaterThanOrEqual(handedOut);
  expect(events.map((e) => e.type)).toEqual(['next', 'handed-out', 'answer']);
});

it('hands an event out the moment a runtime asks, when the event came first', async () => {
  const { api: served, events } = await api();
  const call = served.invoke(Buffer.from('{}'), 1000);
  const got = await request(served.address, 'GET', NEXT);
  expect(got.headers['lambda-runtime-aws-request-id']).toBe(call.requestId);
  const at = events.map((e) => e.atMs);
  expect(events.map((e) => e.type)).toEqual(['next', 'handed-out']);
  // Out within the same handler: no wait between the request and the event.
  expect(at[1]! - at[0]!).toBeLessThan(5);
});

it('takes an error as the runtime reports it: its JSON, else its header and its text', async () => {
  const { api: served } = await api();
  const first = served.invoke(Buffer.from('{}'), 1000);
  await request(served.address, 'GET', NEXT);
  const body = JSON.stringify({ errorType: 'MyError', errorMessage: 'it broke', stackTrace: [] });
  expect((await request(served.address, 'POST', `/2018-06-01/runtime/invocation/${first.requestId}/error`, body)).status).toBe(202);
  expect(await first.answer).toMatchObject({ kind: 'error', errorType: 'MyError', errorMessage: 'it broke' });

  const second = served.invoke(Buffer.from('{}'), 1000);
  await request(served.address, 'GET', NEXT);
  const headers = { 'Lambda-Runtime-Function-Error-Type': 'Runtime.Custom' };
  await request(served.address, 'POST', `/2018-06-01/runtime/invocation/${second.requestId}/error`, 'plain words', headers);
  expect(await second.answer).toMatchObject({ kind: 'error', errorType: 'Runtime.Custom', errorMessage: 'plain words' });
});

it("refuses a response over Lambda's 6 MB with its 413, fails the invocation as Lambda does, and keeps the connection", async () => {
  const { api: served } = await api();
  const call = served.invoke(Buffer.from('{}'), 5000);
  await request(served.address, 'GET', NEXT);
  const posted = await request(
    served.address,
    'POST',
    `/2018-06-01/runtime/invocation/${call.requestId}/response`,
    Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x61),
  );
  expect(posted.status).toBe(413);
  expect(JSON.parse(posted.body)).toEqual({
    errorType: 'RequestEntityTooLarge',
    errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
  });
  expect(await call.answer).toMatchObject({ kind: 'error', errorType: 'Function.ResponseSizeTooLarge', bytes: MAX_RESPONSE_BYTES + 1 });
  // Exactly at the limit is a response.
  const next = served.invoke(Buffer.from('{}'), 5000);
  await request(served.address, 'GET', NEXT);
  await request(
    served.address,
    'POST',
    `/2018-06-01/runtime/invocation/${next.requestId}/response`,
    Buffer.alloc(MAX_RESPONSE_BYTES, 0x61),
  );
  expect(await next.answer).toMatchObject({ kind: 'response' });
});

it('settles the wait for init with the init error a runtime reports', async () => {
  const { api: served } = await api();
  const waiting = served.next();
  const body = JSON.stringify({ errorType: 'InitError', errorMessage: 'no config' });
  expect((await request(served.address, 'POST', '/2018-06-01/runtime/init/error', body)).status).toBe(202);
  expect(await waiting).toMatchObject({ kind: 'init-error', errorType: 'InitError', errorMessage: 'no config' });
});

it('refuses what the API does not serve, with a status and a note, and goes on serving', async () => {
  const { api: served } = await api();
  expect((await request(served.address, 'GET', '/2018-06-01/runtime/nothing')).status).toBe(404);
  const call = served.invoke(Buffer.from('{}'), 1000);
  await request(served.address, 'GET', NEXT);
  const wrong = await request(served.address, 'POST', '/2018-06-01/runtime/invocation/not-the-one/response', '{}');
  expect(wrong.status).toBe(400);
  expect(JSON.parse(wrong.body)).toMatchObject({ errorType: 'InvalidRequestID' });
  expect(served.notes).toEqual([
    'GET /2018-06-01/runtime/nothing, which the Runtime API does not serve',
    'an answer for not-the-one, which is not the event in hand',
  ]);
  await request(served.address, 'POST', `/2018-06-01/runtime/invocation/${call.requestId}/response`, '{}');
  expect(await call.answer).toMatchObject({ kind: 'response' });
});

it('answers bytes that are not HTTP with a 400, and breaks the session with one line', async () => {
  const { api: served } = await api();
  const [host, port] = served.address.split(':');
  const socket = net.connect(Number(port), host);
  const reply = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
  });
  socket.write('THIS IS NOT HTTP\r\n\r\n');
  await expect(served.broken).rejects.toThrow(UserError);
  await expect(served.broken).rejects.toThrow(/^the runtime sent the Runtime API bytes that are not HTTP\/1\.1 \(THIS IS NOT HTTP…\)$/);
  expect(await reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
});

it('forgets the runtime it served on reset: its waiting request is cut, and the next wait is for a fresh one', async () => {
  const { api: served } = await api();
  const cut = request(served.address, 'GET', NEXT).then(
    () => 'answered',
    (error: NodeJS.ErrnoException) => error.code,
  );
  await served.next();
  served.reset();
  expect(await cut).toBe('ECONNRESET');
  let ready = false;
  const waiting = served.next().then((value) => {
    ready = true;
    return value;
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(ready).toBe(false);
  // A new container's runtime, on a connection of its own.
  const again = request(served.address, 'GET', NEXT, undefined, {}, false);
  expect(await waiting).toMatchObject({ kind: 'next' });
  const call = served.invoke(Buffer.from('{"again":1}'), 1000);
  expect((await again).headers['lambda-runtime-aws-request-id']).toBe(call.requestId);
});
