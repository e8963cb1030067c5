/**
 * The one gate for tests that need a real Docker engine.
 *
 *   const docker = await engineForTests();
 *   describeWithEngine('my engine tests', docker, (docker) => { it(...) });
 *
 * With FUNCTRACER_REQUIRE_DOCKER=1 (CI) a missing engine fails the file; elsewhere the
 * tests are skipped, with one loud warning so a green run is not mistaken for a tested one.
 */
import type Docker from 'dockerode';
import { describe } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { connectEngine } from '../../src/tracer/engine.js';

let probe: Promise<Docker | undefined> | undefined;

/** The engine, or undefined when none answers and none is required. Asked once per test file. */
export function engineForTests(): Promise<Docker | undefined> {
  probe ??= connectEngine(3000).catch((error: unknown) => {
    const reason = describeError(error);
    if (process.env.FUNCTRACER_REQUIRE_DOCKER === '1') {
      throw new Error(`FUNCTRACER_REQUIRE_DOCKER=1, but ${reason}`);
    }
    console.warn(`\n*** SKIPPED engine tests: ${reason}. Set FUNCTRACER_REQUIRE_DOCKER=1 to make this a failure. ***\n`);
    return undefined;
  });
  return probe;
}

/** A describe block that runs only with an engine, handing it the connected client. */
export function describeWithEngine(name: string, docker: Docker | undefined, body: (docker: Docker) => void): void {
  describe.skipIf(docker === undefined)(name, () => {
    if (docker) body(docker);
  });
}
