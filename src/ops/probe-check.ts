import { readdirSync } from 'node:fs';
import type Docker from 'dockerode';
import { describeError } from '../core/errors.js';
import { detectCgroupLayout } from '../tracer/cgroup/mounts.js';

/** What a probe finds on its node for `doctor --on swarm`; each field is null where it could not tell, with why. */
export interface NodeFindings {
  engine: string | null;
  engineProblem?: string;
  /** 1 or 2, and where the memory controller is mounted. */
  cgroup: { version: number; memoryMount: string; engineTree: boolean } | null;
  cgroupProblem?: string;
  /** The tags the node's engine holds. */
  images: string[];
  /** The probe's clock when it wrote this, ms since the epoch. */
  nowMs: number;
}

/** The probe's half of `doctor --on swarm`: the node's engine, cgroup files and images, and its clock. */
export async function checkNode(docker: Docker): Promise<NodeFindings> {
  const findings: NodeFindings = { engine: null, cgroup: null, images: [], nowMs: 0 };
  try {
    const version = await docker.version();
    findings.engine = `Docker ${version.Version} (API ${version.ApiVersion})`;
    findings.images = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => !t.startsWith('<none>'));
  } catch (error) {
    findings.engineProblem = describeError(error);
  }
  try {
    const layout = detectCgroupLayout();
    const mount = layout.memoryMount.mountPoint;
    // cgroupfs Docker puts its containers under docker/ in the hierarchy; that is where the probe reads them.
    const engineTree = safeList(mount).some((name) => name === 'docker' || name === 'system.slice');
    findings.cgroup = { version: layout.version, memoryMount: mount, engineTree };
  } catch (error) {
    findings.cgroupProblem = describeError(error);
  }
  findings.nowMs = Date.now();
  return findings;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
