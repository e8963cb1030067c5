import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../core/errors.js';
import { replaceFile } from '../../infra/atomic-write.js';
import { cacheDir, notOurs, notOwnEntry, ownCacheFolder } from '../../infra/cache-dir.js';
import { isAlive } from '../../infra/processes.js';
import { findHostProgram, TOOLS } from './host-files.js';
import { npmInstall } from './npm-install.js';

const run = promisify(execFile);

/** AWS's runtime interface client for Node, exactly this version: the lambda-node sample's runtime. */
export const LAMBDA_RIC = { name: 'aws-lambda-ric', version: '4.0.2' } as const;

/** The client, compiled for one host node, ready to be copied into an image. */
export interface LambdaClient {
  /** The host's node binary it was compiled for. */
  node: string;
  /** The installed package (index.mjs, the addon rapid-client.node), without its build sources. */
  dir: string;
  /** Its files, relative to dir, checked: regular files of functracer's own, no links. */
  files: string[];
  /** The compiled addon, whose libraries the image needs too. */
  addon: string;
  /** Taken from the cache: nothing was compiled. */
  cached: boolean;
}

/**
 * The client from the cache, compiled first if it is not there (2 to 6 minutes here, once). It is kept in
 * `<cache>/aws-lambda-ric/<version>-node-abi<N>-<arch>`: the addon fits one Node ABI, so a host whose node changes
 * major version compiles afresh. A build goes into a folder of its own and is renamed into place whole, so a build
 * that was stopped or failed is never taken for one; a build that died with its process is removed by the next.
 */
export async function lambdaClient(onStep: (step: string) => void, signal?: AbortSignal): Promise<LambdaClient> {
  const node = await findHostProgram(TOOLS.node, { elf: true });
  const abi = (await run(node, ['-p', 'process.versions.modules'], { timeout: 60_000 })).stdout.trim();
  const root = ownCacheFolder(LAMBDA_RIC.name);
  const home = join(root, `${LAMBDA_RIC.version}-node-abi${abi}-${process.arch}`);
  if (existsSync(join(home, READY))) {
    onStep(`using the cached ${LAMBDA_RIC.name} ${LAMBDA_RIC.version}`);
    return checkedClient(node, home, true);
  }
  await removeDeadBuilds(root);
  onStep(`compiling ${LAMBDA_RIC.name} ${LAMBDA_RIC.version} from npm (a few minutes, once)`);
  const staging = await mkdtemp(join(root, `${BUILDING}${process.pid}-`));
  try {
    await install({ node, abi, root, staging, signal });
    // A folder there without its ready file is no finished build (those are renamed in whole): it goes.
    if (!existsSync(join(home, READY))) await rm(home, { recursive: true, force: true });
    await rename(staging, home);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another functracer finished the same build first: its folder is as good.
    if (!existsSync(join(home, READY))) throw error;
  }
  return checkedClient(node, home, false);
}

const READY = 'ready';
const BUILDING = '.building-';
const CLIENT = 'client';
/** Where the client's postinstall leaves its compiled addon, beside index.mjs, which loads it. */
const ADDON = 'rapid-client.node';
const KEEP = ['index.mjs', ADDON, 'package.json', 'LICENSE', 'NOTICE', 'THIRD-PARTY-LICENSES'];

interface Build {
  node: string;
  abi: string;
  root: string;
  staging: string;
  signal: AbortSignal | undefined;
}

/** npm into staging, then only the package kept, pruned of what was needed to compile it. */
async function install({ node, abi, root, staging, signal }: Build): Promise<void> {
  const spec = `${LAMBDA_RIC.name}@${LAMBDA_RIC.version}`;
  const log = join(root, `build-${LAMBDA_RIC.version}.log`);
  let output: string;
  try {
    output = await npmInstall({ node, prefix: staging, spec, signal });
  } catch (error) {
    const npmOutput = (error as { output?: string }).output;
    if (npmOutput === undefined) throw error;
    await replaceFile(log, npmOutput);
    const last = npmOutput.trim().split('\n').slice(-2).join(' | ');
    throw new UserError(`npm install ${spec} failed: ${last}`, `Its whole output is in ${log}`);
  }
  const pkg = join(staging, 'node_modules', LAMBDA_RIC.name);
  if (!existsSync(join(pkg, ADDON))) {
    await replaceFile(log, output);
    throw new UserError(`npm installed ${spec} but no compiled addon (${ADDON})`, `npm's output is in ${log}`);
  }
  // index.mjs bundles the client's own dependencies, so it and its addon are all it runs; its licences go with it.
  // What compiled it stays behind: the sources of curl, aws-lambda-cpp and the addon, node-gyp and node-addon-api.
  await mkdir(join(staging, CLIENT));
  for (const name of KEEP) {
    if (existsSync(join(pkg, name))) await rename(join(pkg, name), join(staging, CLIENT, name));
  }
  for (const gone of ['node_modules', 'package.json']) await rm(join(staging, gone), { recursive: true, force: true });
  await writeFile(join(staging, READY), `${spec} for node ABI ${abi} (${node}), built ${new Date().toISOString()}\n`);
}

/** Builds of processes that are gone, by the pid in their name; rm does not follow links inside them. */
async function removeDeadBuilds(root: string): Promise<void> {
  for (const name of readdirSync(root)) {
    const pid = new RegExp(`^${BUILDING}(\\d+)-\\w+$`).exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) await rm(join(root, name), { recursive: true, force: true });
  }
}

/** Every file of the cached client, each checked to be functracer's own regular file or folder, no link. */
function checkedClient(node: string, home: string, cached: boolean): LambdaClient {
  const dir = join(home, CLIENT);
  const files: string[] = [];
  const why = notOwnEntry(lstatSync(home));
  if (why) throw notOurs(home, why);
  const walk = (at: string): void => {
    const stats = lstatSync(at);
    const problem = notOwnEntry(stats);
    if (problem) throw notOurs(at, problem);
    if (stats.isFile()) files.push(relative(dir, at));
    else for (const name of readdirSync(at).sort()) walk(join(at, name));
  };
  walk(dir);
  const missing = ['index.mjs', ADDON].find((name) => !files.includes(name));
  if (missing) throw notOurs(home, `has no ${missing} (${relative(cacheDir(), join(dir, missing))})`);
  return { node, dir, files, addon: join(dir, ADDON), cached };
}
