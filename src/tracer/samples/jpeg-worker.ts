/** Generates one sample JPEG off the main thread: a 5 MB one takes seconds, which would freeze the TUI. */
import { parentPort, workerData } from 'node:worker_threads';
import { sampleJpeg, type SampleJpegSpec } from '../../core/sample-jpeg.js';

const data = sampleJpeg(workerData as SampleJpegSpec);
parentPort!.postMessage(data, [data.buffer as ArrayBuffer]);
