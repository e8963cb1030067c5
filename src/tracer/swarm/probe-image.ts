import type Docker from 'dockerode';
import { join } from 'node:path';
import { packageRoot } from '../../infra/package-root.js';
import { isNotFound, inspectImage, answered } from '../engine.js';
import { findHostProgram, listTree, TOOLS } from '../samples/host-files.js';
import { importRootfs } from '../samples/import-image.js';
import { addProgram } from '../samples/rootfs.js';
import { RootfsPlan } from '../samples/rootfs-tar.js';
import { fingerprint, PROBE_ENTRY, probeFiles } from './probe-files.js';

/**
 * The probe image's name on the coordinator's engine; nodes get it from a registry or must hold it. Its domain is
 * localhost, so a node without it that tries to pull it asks this machine's port 443, never Docker Hub.
 */
const PROBE_REPO = 'localhost/functracer/probe';
const BUILD_LABEL = 'functracer.probe-build';
/** Where functracer's files sit in the probe image. */
const APP_DIR = '/functracer';

/**
 * The probe image for this build of functracer, imported on the engine if it is missing or was made by another
 * build: this host's node with the libraries ldd lists, the compiled files the probe loads, and the npm packages
 * they need, as `docker import` of a root filesystem (no registry, no pull). Returns its name, `functracer/probe:<build>`.
 */
export async function ensureProbeImage(docker: Docker, onStatus?: (status: string) => void, signal?: AbortSignal): Promise<string> {
  const root = packageRoot();
  const { files, packages } = await probeFiles(root);
  const build = await fingerprint(root, files);
  const ref = `${PROBE_REPO}:${build}`;
  const present = await answered(`whether it has ${ref}`, (o) => inspectImage(docker, ref, o)).then(
    (info) => info.Config.Labels?.[BUILD_LABEL] === build,
    (error: unknown) => {
      if (isNotFound(error)) return false;
      throw error;
    },
  );
  if (present) return ref;
  onStatus?.(`building the probe image ${ref}`);
  const plan = new RootfsPlan();
  plan.addDirectory('/tmp', 0o1777);
  await addProgram(plan, '/usr/bin/node', await findHostProgram(TOOLS.node, { elf: true }));
  plan.addData(join(APP_DIR, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  // Every compiled file, not only those imported: the sampler's worker is loaded by its URL.
  for (const file of await listTree(join(root, 'dist', 'src'))) {
    if (file.endsWith('.js')) await plan.addHostFile(join(APP_DIR, file.slice(root.length + 1)), file);
  }
  for (const name of packages) {
    const dir = join(root, 'node_modules', name);
    for (const file of await listTree(dir)) await plan.addHostFile(join(APP_DIR, 'node_modules', name, file.slice(dir.length + 1)), file);
  }
  const changes = [
    'ENV PATH=/usr/bin:/bin',
    `WORKDIR ${APP_DIR}`,
    `ENTRYPOINT ${JSON.stringify(['/usr/bin/node', join(APP_DIR, PROBE_ENTRY)])}`,
    // Not the `functracer` label the samples carry: containers inherit an image's labels, and any functracer's
    // orphan sweep on the node (the probe's own first) would take a probe container for a crashed run's and remove it.
    `LABEL ${BUILD_LABEL}=${build}`,
  ];
  await importRootfs(docker, plan, { repo: PROBE_REPO, tag: build, changes }, () => {}, signal);
  return ref;
}
