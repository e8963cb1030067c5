/**
 * A minimal Lambda Runtime API for tests, until functracer serves its own (`functracer invoke`): a real HTTP server
 * on 127.0.0.1 speaking the protocol AWS's clients speak. `next` is held open until an event is queued; the
 * function's response or error settles the invocation that handed the event out.
 *
 *   const api = await startRuntimeApi();          // the container gets AWS_LAMBDA_RUNTIME_API=api.address
 *   const outcome = await api.invoke({ mb: 16 }); // { kind: 'response', body } or { kind: 'error', body, errorType }
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the function posted; an error's body is `{ errorType, errorMessage, trace }` as the clients send it. */
export type Outcome = { kind: 'response'; body: unknown } | { kind: 'error'; body: unknown; errorType: string | undefined };

export interface RuntimeApi {
  /** `127.0.0.1:port`, as AWS_LAMBDA_RUNTIME_API takes it. */
  address: string;
  /** Hands the event to the function's next `next` and resolves with what it posts back; rejects after limitMs. */
  invoke(event: unknown, limitMs?: number): Promise<Outcome>;
  /** The body the client posted to /init/error; rejects after limitMs. */
  initError(limitMs?: number): Promise<Outcome>;
  /** Requests the server did not understand, as `METHOD path`. */
  unknown: string[];
  close(): Promise<void>;
}

const BASE = '/2018-06-01/runtime';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:functracer-test';

export async function startRuntimeApi(): Promise<RuntimeApi> {
  const events: { id: string; event: unknown }[] = [];
  const parked: http.ServerResponse[] = [];
  const pending = new Map<string, (outcome: Outcome) => void>();
  let onInitError: ((outcome: Outcome) => void) | undefined;
  let initErrorOutcome: Outcome | undefined;
  const unknown: string[] = [];

  const handOut = () => {
    while (events.length > 0 && parked.length > 0) {
      const { id, event } = events.shift()!;
      parked
        .shift()!
        .writeHead(200, {
          'Content-Type': 'application/json',
          'Lambda-Runtime-Aws-Request-Id': id,
          'Lambda-Runtime-Deadline-Ms': String(Date.now() + 60_000),
          'Lambda-Runtime-Invoked-Function-Arn': FUNCTION_ARN,
          'Lambda-Runtime-Trace-Id': `Root=1-00000000-${id.replace(/-/g, '').slice(0, 24)};Sampled=0`,
        })
        .end(JSON.stringify(event));
    }
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '';
      const posted = (): unknown => {
        const text = Buffer.concat(chunks).toString();
        try {
          return JSON.parse(text || 'null');
        } catch {
          return { notJson: text };
        }
      };
      const settled = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
      if (request.method === 'GET' && url === `${BASE}/invocation/next`) {
        parked.push(response);
        // A client that gave up waiting is not handed an event it can no longer receive.
        response.once('close', () => parked.includes(response) && parked.splice(parked.indexOf(response), 1));
        handOut();
      } else if (request.method === 'POST' && settled && pending.has(decodeURIComponent(settled[1]!))) {
        const id = decodeURIComponent(settled[1]!);
        const errorType = request.headers['lambda-runtime-function-error-type'] as string | undefined;
        pending.get(id)!(settled[2] === 'response' ? { kind: 'response', body: posted() } : { kind: 'error', body: posted(), errorType });
        pending.delete(id);
        response.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
      } else if (request.method === 'POST' && url === `${BASE}/init/error`) {
        const errorType = request.headers['lambda-runtime-function-error-type'] as string | undefined;
        const outcome: Outcome = { kind: 'error', body: posted(), errorType };
        initErrorOutcome = outcome;
        onInitError?.(outcome);
        response.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
      } else {
        unknown.push(`${request.method} ${url}`);
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const bounded = <T>(what: string, limitMs: number, start: (settle: (value: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: nothing came within ${limitMs} ms`)), limitMs);
      start((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });

  return {
    address: `127.0.0.1:${port}`,
    unknown,
    invoke: (event, limitMs = 60_000) =>
      bounded(`the invocation of ${JSON.stringify(event)}`, limitMs, (settle) => {
        const id = randomUUID();
        pending.set(id, settle);
        events.push({ id, event });
        handOut();
      }),
    initError: (limitMs = 60_000) =>
      bounded('an init error', limitMs, (settle) => {
        if (initErrorOutcome) settle(initErrorOutcome);
        else onInitError = settle;
      }),
    close: async () => {
      parked.splice(0).forEach((response) => response.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
