/**
 * The lambda-node sample's function, `/var/task/index.js`, run by AWS's client as `index.handler`.
 * Plain CommonJS for the host's node, so it is kept as text and written into the image as it stands.
 */
export const LAMBDA_HANDLER = `'use strict';
// functracer/lambda-node: an event {"mb":N,"ms":T} allocates N MiB, writes every byte, holds them T ms and
// returns; {"fail":"message"} throws an Error with that message. INIT_MB=N allocates N MiB at init and keeps them.
const v8 = require('node:v8');
const vm = require('node:vm');

// An invocation's memory is given back before its response, so the next one starts from the same floor: gc()
// frees the buffer at once rather than at V8's leisure, and the image's MALLOC_MMAP_THRESHOLD_ makes glibc hand
// it back to the kernel rather than keep it in its heap for later.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const MiB = 1024 * 1024;

function amount(value, name, given = value) {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(name + ' must be a number of at least 0, not ' + JSON.stringify(given));
  }
  return value;
}

function touched(mb) {
  const block = Buffer.alloc(Math.round(mb * MiB));
  block.fill(0xa5);
  return block;
}

const initText = process.env.INIT_MB || '';
const initMb = initText === '' ? 0 : amount(Number(initText), 'INIT_MB', initText);
const kept = initMb > 0 ? touched(initMb) : undefined;

exports.handler = async (event) => {
  const input = event !== null && typeof event === 'object' ? event : {};
  if (input.fail !== undefined) throw new Error(String(input.fail));
  const mb = amount(input.mb, 'mb');
  const ms = amount(input.ms, 'ms');
  const started = Date.now();
  let block = mb > 0 ? touched(mb) : undefined;
  const rssMb = Math.round(process.memoryUsage().rss / MiB);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  block = undefined;
  gc();
  return { mb, ms, heldMs: Date.now() - started, rssMb, initMb: kept === undefined ? 0 : kept.length / MiB };
};
`;
