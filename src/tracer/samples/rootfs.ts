import { existsSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../core/errors.js';
import { ENTRY_SCRIPTS, LAMBDA_BOOTSTRAP, LAMBDA_RUNTIME_DIR, LAMBDA_TASK_ROOT, SAMPLE_FUNCTIONS, type RootfsKind } from './catalog.js';
import { busyboxApplets, findHostProgram, linkage, listTree, TOOLS } from './host-files.js';
import { LAMBDA_HANDLER } from './lambda-handler.js';
import { LAMBDA_RIC, type LambdaClient } from './lambda-ric.js';
import { RootfsPlan } from './rootfs-tar.js';

export interface RootfsOptions {
  /** The kind's own program, compiled static on the host; needed for the `memshape` and `lambda-c` kinds only. */
  compiledBinary?: string;
  /** AWS's Node client, compiled for the host's node; needed for the `lambda-node` kind only. */
  lambdaClient?: LambdaClient;
}

/**
 * Plans the root filesystem for one kind of sample from this host's own programs:
 * busybox for the basics, plus the kind's program with the libraries it loads.
 */
export async function planRootfs(kind: RootfsKind, options: RootfsOptions = {}): Promise<RootfsPlan> {
  const plan = new RootfsPlan();
  if (kind === 'lambda-c') return lambdaRootfs(plan, options.compiledBinary);
  await addBusybox(plan);
  // ImageMagick spills its pixel cache to /tmp for large images; gzip writes beside its inputs in /d.
  plan.addDirectory('/tmp', 0o1777);
  plan.addDirectory('/d', 0o777);
  if (kind === 'imagemagick') await addImageMagick(plan);
  if (kind === 'gzip') await addProgram(plan, '/bin/gzip', await findHostProgram(TOOLS.gzip, { elf: true }));
  if (kind === 'memshape') {
    if (options.compiledBinary === undefined) throw new Error('bug: planRootfs(memshape) needs the compiled binary');
    await addProgram(plan, '/bin/memshape', options.compiledBinary);
  }
  if (kind === 'lambda-node') {
    if (options.lambdaClient === undefined) throw new Error('bug: planRootfs(lambda-node) needs the compiled client');
    await addLambdaNode(plan, options.lambdaClient);
  }
  for (const [name, script] of scriptsFor(kind)) plan.addData(`/bin/${name}`, script, 0o755);
  return plan;
}

/**
 * A custom runtime as AWS's `provided` images hold one, FROM scratch: the static bootstrap, the task root, and a /tmp
 * to write in. Nothing else, so the image weighs what the runtime does.
 */
async function lambdaRootfs(plan: RootfsPlan, binary: string | undefined): Promise<RootfsPlan> {
  if (binary === undefined) throw new Error('bug: planRootfs(lambda-c) needs the compiled binary');
  await plan.addHostFile(LAMBDA_BOOTSTRAP, binary, 0o755);
  plan.addDirectory(LAMBDA_TASK_ROOT);
  plan.addDirectory('/tmp', 0o1777);
  return plan;
}

/** The entry scripts the kind's samples start with; they replace any busybox applet of the same name. */
function scriptsFor(kind: RootfsKind): [string, string][] {
  const names = SAMPLE_FUNCTIONS.filter((s) => s.recipe.rootfs === kind).map((s) => basename(s.recipe.entrypoint[0] ?? ''));
  return names.flatMap((name) => (ENTRY_SCRIPTS[name] === undefined ? [] : [[name, ENTRY_SCRIPTS[name]] as [string, string]]));
}

async function addBusybox(plan: RootfsPlan): Promise<void> {
  const busybox = await findHostProgram(TOOLS.busybox, { elf: true });
  // A dynamically linked busybox (Debian's `busybox`) also works: addProgram brings its libc along.
  await addProgram(plan, '/bin/busybox', busybox);
  for (const applet of await busyboxApplets(busybox)) {
    if (applet !== 'busybox') plan.addSymlink(`/bin/${applet}`, 'busybox');
  }
}

/** Puts a host program at `at` in the image, with every library ldd lists and the dynamic loader. */
export async function addProgram(plan: RootfsPlan, at: string, hostPath: string, alsoLinking: string[] = []): Promise<void> {
  await plan.addHostFile(at, hostPath, 0o755);
  const { libraries, loader } = await linkage([hostPath, ...alsoLinking]);
  await addLibraries(plan, loader === undefined ? libraries : [...libraries, loader]);
}

/**
 * Each library goes where ldd found it, so the loader's default search finds it again.
 * One file reached by two paths (/lib and /usr/lib on merged-/usr hosts) is stored once.
 */
async function addLibraries(plan: RootfsPlan, paths: string[]): Promise<void> {
  const firstPathOf = new Map<string, string>();
  for (const path of paths) {
    if (plan.has(path)) continue;
    const real = await realpath(path);
    const first = firstPathOf.get(real);
    if (first !== undefined) plan.addSymlink(path, first);
    else {
      firstPathOf.set(real, path);
      await plan.addHostFile(path, real);
    }
  }
}

/** The host's node with its libraries and the addon's, the client where AWS's images keep it, and the handler. */
async function addLambdaNode(plan: RootfsPlan, client: LambdaClient): Promise<void> {
  await addProgram(plan, '/usr/bin/node', client.node, [client.addon]);
  const at = join(LAMBDA_RUNTIME_DIR, 'node_modules', LAMBDA_RIC.name);
  for (const file of client.files) await plan.addHostFile(join(at, file), join(client.dir, file));
  plan.addData(join(LAMBDA_TASK_ROOT, 'index.js'), LAMBDA_HANDLER);
}

/**
 * convert, plus what ldd cannot see: the coder modules ImageMagick loads at run time (and
 * their own libraries, such as libjpeg), its configuration, and its message files.
 */
async function addImageMagick(plan: RootfsPlan): Promise<void> {
  const convert = await findHostProgram(TOOLS.convert, { elf: true });
  const core = (await linkage([convert])).libraries.find((lib) => basename(lib).startsWith('libMagickCore-6.'));
  if (core === undefined) {
    throw new UserError(
      `${convert} is not ImageMagick 6 (it does not link libMagickCore-6)`,
      "Install Debian's imagemagick package (apt-get install imagemagick)",
    );
  }
  // The modules sit beside libMagickCore in the architecture's lib dir, e.g. /usr/lib/x86_64-linux-gnu.
  const libDir = dirname(await realpath(core));
  const moduleDirs = (await readdir(libDir)).filter((name) => name.startsWith('ImageMagick-6.')).map((name) => join(libDir, name));
  if (moduleDirs.length === 0) {
    throw new UserError(
      `ImageMagick's coder modules are not in ${libDir}/ImageMagick-6.*`,
      "Reinstall Debian's imagemagick package (apt-get install --reinstall imagemagick libmagickcore-6.q16-6)",
    );
  }
  const support = ['/etc/ImageMagick-6', '/usr/share/ImageMagick-6'].filter((dir) => existsSync(dir));
  const files = (await Promise.all([...moduleDirs, ...support].map(listTree))).flat();
  for (const file of files) await plan.addHostFile(file, file);
  await addProgram(
    plan,
    '/bin/convert',
    convert,
    files.filter((file) => file.endsWith('.so')),
  );
}
