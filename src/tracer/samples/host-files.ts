import { execFile } from 'node:child_process';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../core/errors.js';

const run = promisify(execFile);

/** A host program the samples are built from, and the Debian package that provides it. */
export interface HostTool {
  names: string[];
  debPackage: string;
  purpose: string;
}

export const TOOLS = {
  busybox: { names: ['busybox'], debPackage: 'busybox-static', purpose: 'the shell, sleep and gzip in every sample image' },
  // Debian's versioned names first: `convert` on PATH may be a wrapper script, which cannot be copied into an image.
  convert: {
    names: ['convert-im6.q16', 'convert-im6', 'convert'],
    debPackage: 'imagemagick',
    purpose: 'the resize and monochrome samples',
  },
  gzip: { names: ['gzip'], debPackage: 'gzip', purpose: 'the compress sample (busybox gzip lacks -r and --best)' },
  gcc: { names: ['gcc'], debPackage: 'gcc', purpose: 'compiling the memshape sample' },
  ldd: { names: ['ldd'], debPackage: 'libc-bin', purpose: 'finding the libraries a program needs' },
  node: { names: ['node', 'nodejs'], debPackage: 'nodejs', purpose: "the lambda-node sample, whose runtime is this host's node" },
  npm: { names: ['npm'], debPackage: 'npm', purpose: 'installing aws-lambda-ric for the lambda-node sample' },
} satisfies Record<string, HostTool>;

const COMPILING_THE_CLIENT = 'compiling curl and aws-lambda-cpp into aws-lambda-ric (the lambda-node sample)';

/** What `npm install aws-lambda-ric` runs: checked before it starts, so a missing one is named rather than buried in its log. */
export const LAMBDA_RIC_TOOLS: readonly HostTool[] = [
  { names: ['cmake'], debPackage: 'cmake', purpose: COMPILING_THE_CLIENT },
  { names: ['autoreconf'], debPackage: 'autoconf', purpose: COMPILING_THE_CLIENT },
  { names: ['automake'], debPackage: 'automake', purpose: COMPILING_THE_CLIENT },
  { names: ['libtoolize'], debPackage: 'libtool', purpose: COMPILING_THE_CLIENT },
  { names: ['make'], debPackage: 'make', purpose: COMPILING_THE_CLIENT },
  { names: ['g++'], debPackage: 'g++', purpose: COMPILING_THE_CLIENT },
  { names: ['python3'], debPackage: 'python3', purpose: "node-gyp, which builds aws-lambda-ric's addon" },
];

function missing(tool: HostTool, detail: string): UserError {
  return new UserError(
    `${tool.names[tool.names.length - 1]} is needed for ${tool.purpose}, but ${detail}`,
    `Install it (apt-get install ${tool.debPackage}) and run functracer samples build again`,
  );
}

/** Finds a tool on PATH (and the usual system dirs). With `elf`, skips scripts, which only run on the host. */
export async function findHostProgram(tool: HostTool, { elf = false } = {}): Promise<string> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'].filter(Boolean);
  for (const name of tool.names) {
    for (const dir of dirs) {
      const real = await realpath(join(dir, name)).catch(() => undefined);
      if (real === undefined || !(await isExecutableFile(real))) continue;
      if (!elf || (await isElf(real))) return real;
    }
  }
  return Promise.reject(missing(tool, `no ${elf ? 'native ' : ''}${tool.names.join(' or ')} was found on PATH`));
}

async function isExecutableFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.isFile() && (info.mode & 0o111) !== 0;
}

async function isElf(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await file.read(head, 0, 4, 0);
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    await file.close();
  }
}

export interface Linkage {
  /** Libraries as the host's loader finds them, paths exactly as ldd prints them. */
  libraries: string[];
  /** The dynamic loader (PT_INTERP), if any file is dynamically linked. */
  loader?: string;
}

/** Asks ldd (one call for all files) which shared libraries and loader the files need. */
export async function linkage(files: string[]): Promise<Linkage> {
  const ldd = await findHostProgram(TOOLS.ldd);
  // ldd exits non-zero when any file is static, yet still prints the rest.
  const output = await run(ldd, files, { maxBuffer: 16 << 20 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const libraries = new Set<string>();
  let loader: string | undefined;
  for (const line of output.split('\n')) {
    const lib = /^\s+(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$/.exec(line);
    if (lib) {
      if (lib[2] === 'not found') {
        throw new UserError(
          `the host library ${lib[1]}, needed by ${files.join(' or ')}, is missing`,
          'Reinstall the package of that program (see dpkg -S <program>) and build the samples again',
        );
      }
      // Some distributions print the loader as "/lib64/ld-….so => /usr/lib64/ld-….so".
      if (lib[1]?.startsWith('/')) loader = lib[1];
      else if (lib[2]?.startsWith('/')) libraries.add(lib[2]);
      continue;
    }
    const interp = /^\s+(\/\S+) \(0x[0-9a-f]+\)$/.exec(line);
    if (interp?.[1] !== undefined) loader = interp[1];
  }
  return { libraries: [...libraries].sort(), loader };
}

/** Busybox's applets, to link each name (sh, sleep, gzip, …) to the one binary. */
export async function busyboxApplets(busybox: string): Promise<string[]> {
  const { stdout } = await run(busybox, ['--list']);
  return stdout.split('\n').filter((name) => /^[\w.[-]+$/.test(name));
}

/** Every file under dir, recursively, in a stable order; symlinked files are followed. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTree(path)));
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) out.push(path);
  }
  return out;
}
