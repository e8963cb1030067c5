import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../core/errors.js';

/*
 * The Lambda Runtime API, as a function's runtime sees it on the platform, served by functracer on this host:
 *   GET  /2018-06-01/runtime/invocation/next            waits for an event; its headers carry the request id,
 *                                                       the deadline, the function's ARN and a trace id
 *   POST /2018-06-01/runtime/invocation/{id}/response   the answer (202), at most 6 MB as on Lambda (413 beyond)
 *   POST /2018-06-01/runtime/invocation/{id}/error      an error it reports (202)
 *   POST /2018-06-01/runtime/init/error                 its init failed (202)
 * One invocation at a time, as Lambda runs one per execution environment.
 *
 *   const api = await startRuntimeApi({ functionArn, onEvent });   // listens on 127.0.0.1, an ephemeral port
 *   // start the container with AWS_LAMBDA_RUNTIME_API=api.address, on a network that reaches it (src/ops/api-network.ts)
 *   const ready = await api.next();                                // the runtime asked for its first event: init is over
 *   const call = api.invoke(Buffer.from('{"mb":64}'), 3000);      // handed out as soon as the runtime asks
 *   const answer = await call.answer;                              // its response or error
 *   await api.close();
 *
 * Nothing here waits without end by itself: `next()` and the promises of `invoke()` settle only when the runtime
 * acts, so the caller races them against its own clock, the container's exit and `broken` (see src/ops/invoke.ts).
 */

const PREFIX = '/2018-06-01/runtime';
/** Lambda's cap on a response; its 413 names this many bytes. */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** An error report or an init error is a small JSON object; more than this is not one. */
const MAX_ERROR_BYTES = 1024 * 1024;

/** What the runtime did, at the moment it did it (epoch ms, on this process's clock, as the sampler's). */
export type ApiEvent =
  | { type: 'next'; atMs: number }
  | { type: 'handed-out'; requestId: string; atMs: number }
  | { type: 'answer'; requestId: string; atMs: number; answer: Answer }
  | { type: 'init-error'; atMs: number; errorType: string; errorMessage: string }
  /** A request the API refused (an unknown path, a wrong request id, bytes that are not HTTP), for the report. */
  | { type: 'refused'; atMs: number; note: string };

/** How the runtime answered one event. */
export type Answer =
  | { kind: 'response'; atMs: number; body: Buffer }
  | { kind: 'error'; atMs: number; errorType: string; errorMessage: string; body: Buffer; bytes: number };

interface InitFailure {
  kind: 'init-error';
  atMs: number;
  errorType: string;
  errorMessage: string;
}

interface Invocation {
  requestId: string;
  /** When the event went out (epoch ms): at once if the runtime was waiting, else when it next asks. */
  handedOut: Promise<number>;
  answer: Promise<Answer>;
}

export interface RuntimeApiOptions {
  /** The function's ARN, as Lambda-Runtime-Invoked-Function-Arn gives it. */
  functionArn: string;
  /** Where to listen: 127.0.0.1 by default. Never every interface (0.0.0.0) on a shared host. */
  host?: string;
  /** Called synchronously as each event happens, so a phase boundary can be taken at that very moment. */
  onEvent?: (event: ApiEvent) => void;
}

export interface RuntimeApi {
  /** host:port, as AWS_LAMBDA_RUNTIME_API takes it. */
  readonly address: string;
  /** Settles once the runtime waits for an event (at once if it does already), or with its init error. */
  next(): Promise<{ kind: 'next'; atMs: number } | InitFailure>;
  /** Hands `payload` out as soon as the runtime asks for it, one at a time; its deadline is `timeoutMs` after that. */
  invoke(payload: Buffer, timeoutMs: number): Invocation;
  /** Rejects (a UserError) once the runtime sent bytes that are not HTTP: a client that does, cannot be served. */
  readonly broken: Promise<never>;
  /** Requests it refused, one line each. */
  readonly notes: string[];
  /** Forgets the runtime it served (a container that was stopped): its connections are cut and its waits dropped. */
  reset(): void;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

interface Waiting {
  res: http.ServerResponse;
  atMs: number;
}

interface Current {
  requestId: string;
  payload: Buffer;
  timeoutMs: number;
  handedOut: (atMs: number) => void;
  answered: (answer: Answer) => void;
  out: boolean;
  done: boolean;
}

export async function startRuntimeApi(options: RuntimeApiOptions): Promise<RuntimeApi> {
  const host = options.host ?? '127.0.0.1';
  const emit = options.onEvent ?? (() => {});
  const notes: string[] = [];
  let waiting: Waiting | undefined;
  let current: Current | undefined;
  let initFailure: InitFailure | undefined;
  let nextWaiters: ((value: { kind: 'next'; atMs: number } | InitFailure) => void)[] = [];
  let breakWith: (error: UserError) => void = () => {};
  const broken = new Promise<never>((_, reject) => (breakWith = reject));
  broken.catch(() => undefined);

  const refuse = (res: http.ServerResponse, status: number, errorType: string, note: string) => {
    notes.push(note);
    emit({ type: 'refused', atMs: now(), note });
    reply(res, status, { errorType, errorMessage: note });
  };

  /** The event goes out on the waiting request: its headers as Lambda's. */
  const handOut = () => {
    if (!waiting || !current || current.out) return;
    const { res } = waiting;
    waiting = undefined;
    current.out = true;
    const deadlineMs = Date.now() + current.timeoutMs;
    // The event's moment, and its phase boundary, come before the write: once the bytes are out the runtime may be
    // at work at once, while this thread is kept off the CPU, and its first allocation must not land in the idle time.
    const atMs = now();
    emit({ type: 'handed-out', requestId: current.requestId, atMs });
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': current.payload.length,
      'Lambda-Runtime-Aws-Request-Id': current.requestId,
      'Lambda-Runtime-Deadline-Ms': String(Math.round(deadlineMs)),
      'Lambda-Runtime-Invoked-Function-Arn': options.functionArn,
      'Lambda-Runtime-Trace-Id': traceId(),
    });
    res.end(current.payload);
    current.handedOut(atMs);
  };

  const answer = (value: Answer) => {
    if (!current || current.done) return;
    current.done = true;
    emit({ type: 'answer', requestId: current.requestId, atMs: value.atMs, answer: value });
    current.answered(value);
  };

  const onNext = (res: http.ServerResponse) => {
    if (waiting) return refuse(res, 400, 'InvalidStateTransition', 'the runtime asked for an event twice at once');
    const atMs = now();
    // Asking again before answering: the event in hand was dropped, as Lambda counts it.
    if (current?.out && !current.done) {
      notes.push(`the runtime asked for another event without answering ${current.requestId}`);
      answer({
        kind: 'error',
        atMs,
        errorType: 'Runtime.NoResponse',
        errorMessage: 'the runtime asked for the next event without answering this one',
        body: Buffer.alloc(0),
        bytes: 0,
      });
    }
    waiting = { res, atMs };
    // A request whose connection closes before it gets its event is waiting no more.
    res.on('close', () => {
      if (waiting?.res === res) waiting = undefined;
    });
    emit({ type: 'next', atMs });
    const waiters = nextWaiters;
    nextWaiters = [];
    waiters.forEach((resolve) => resolve({ kind: 'next', atMs }));
    handOut();
  };

  const onInitError = (req: http.IncomingMessage, res: http.ServerResponse) =>
    readBody(req, MAX_ERROR_BYTES, (body, bytes, atMs) => {
      const reported = errorOf(req, body, bytes > MAX_ERROR_BYTES);
      initFailure = { kind: 'init-error', atMs, ...reported };
      emit({ type: 'init-error', atMs, ...reported });
      const waiters = nextWaiters;
      nextWaiters = [];
      waiters.forEach((resolve) => resolve(initFailure!));
      reply(res, 202, { status: 'OK' });
    });

  const onAnswer = (req: http.IncomingMessage, res: http.ServerResponse, requestId: string, kind: 'response' | 'error') => {
    if (!current || current.requestId !== requestId || !current.out || current.done) {
      req.resume();
      return refuse(res, 400, 'InvalidRequestID', `an answer for ${printable(requestId)}, which is not the event in hand`);
    }
    const cap = kind === 'response' ? MAX_RESPONSE_BYTES : MAX_ERROR_BYTES;
    // The answer is taken (and its phase boundary with it) before the reply goes out: the reply's write is no part of it.
    readBody(req, cap, (body, bytes, atMs) => {
      if (kind === 'response' && bytes > MAX_RESPONSE_BYTES) {
        const errorMessage = `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`;
        answer({ kind: 'error', atMs, errorType: 'Function.ResponseSizeTooLarge', errorMessage, body: Buffer.alloc(0), bytes });
        return reply(res, 413, { errorType: 'RequestEntityTooLarge', errorMessage });
      }
      if (kind === 'response') answer({ kind: 'response', atMs, body });
      else answer({ kind: 'error', atMs, body, bytes, ...errorOf(req, body, bytes > cap) });
      reply(res, 202, { status: 'OK' });
    });
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    const answerPath = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) return onNext(res);
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) return onInitError(req, res);
    if (req.method === 'POST' && answerPath) return onAnswer(req, res, decoded(answerPath[1]!), answerPath[2] as 'response' | 'error');
    req.resume();
    refuse(res, 404, 'NotFound', `${printable(req.method ?? '?')} ${printable(url)}, which the Runtime API does not serve`);
  });
  // An event can take minutes: a kept-alive connection stays open however long the function works before answering.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A connection the container's end dropped is no protocol error; only bytes that are not HTTP are.
    if (!error.code?.startsWith('HPE_')) return socket.destroy();
    const first = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 40).toString('latin1') ?? '';
    const note = `the runtime sent the Runtime API bytes that are not HTTP/1.1 (${printable(first.trim())}…)`;
    notes.push(note);
    emit({ type: 'refused', atMs: now(), note });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    breakWith(new UserError(note, 'Is it a Lambda runtime? Its client must speak HTTP/1.1 to AWS_LAMBDA_RUNTIME_API'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    address: `${host}:${port}`,
    notes,
    broken,
    next() {
      if (initFailure) return Promise.resolve(initFailure);
      if (waiting) return Promise.resolve({ kind: 'next', atMs: waiting.atMs });
      return new Promise((resolve) => nextWaiters.push(resolve));
    },
    invoke(payload, timeoutMs) {
      if (current && !current.done) throw new Error('bug: an event handed out while another is in hand');
      let handedOut: (atMs: number) => void = () => {};
      let answered: (answer: Answer) => void = () => {};
      const call: Current = {
        requestId: randomUUID(),
        payload,
        timeoutMs,
        handedOut: (atMs) => handedOut(atMs),
        answered: (value) => answered(value),
        out: false,
        done: false,
      };
      current = call;
      const invocation: Invocation = {
        requestId: call.requestId,
        handedOut: new Promise((resolve) => (handedOut = resolve)),
        answer: new Promise((resolve) => (answered = resolve)),
      };
      handOut();
      return invocation;
    },
    reset() {
      waiting = undefined;
      current = undefined;
      initFailure = undefined;
      nextWaiters = [];
      server.closeAllConnections();
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A JSON reply with its length, so a kept-alive client knows where it ends. */
function reply(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The body, up to `cap` bytes kept; the rest is read and dropped (a 7 MB response is counted, never held), so the
 * connection stays usable. `done` gets the kept bytes, the whole size, and when the last byte came.
 */
function readBody(req: http.IncomingMessage, cap: number, done: (body: Buffer, bytes: number, atMs: number) => void): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  req.on('data', (chunk: Buffer) => {
    if (bytes + chunk.length <= cap) chunks.push(chunk);
    else if (bytes < cap) chunks.push(chunk.subarray(0, cap - bytes));
    bytes += chunk.length;
  });
  req.on('end', () => done(Buffer.concat(chunks), bytes, now()));
}

/** errorType and errorMessage as the runtime reported them: in its JSON body, else its header, else Lambda's default. */
function errorOf(req: http.IncomingMessage, body: Buffer, cut: boolean): { errorType: string; errorMessage: string } {
  let parsed: { errorType?: unknown; errorMessage?: unknown } = {};
  try {
    if (!cut) parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    // Not JSON: the header may still name the type, and the body is the message.
  }
  const header = req.headers['lambda-runtime-function-error-type'];
  const errorType = typeof parsed.errorType === 'string' ? parsed.errorType : typeof header === 'string' ? header : 'Runtime.Unknown';
  const errorMessage = typeof parsed.errorMessage === 'string' ? parsed.errorMessage : body.toString('utf8');
  return { errorType: errorType.slice(0, 200), errorMessage: errorMessage.slice(0, 1000) };
}

/** X-Ray's form: Root=1-<8 hex seconds>-<24 hex>; functracer samples nothing, so Sampled=0. */
function traceId(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${seconds}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=0`;
}

/** A request id as the path spells it; one that does not decode is no id of ours, and is refused as such. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A path or method from the client, short and without control characters, for a note. */
const printable = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text).slice(1, -1);
