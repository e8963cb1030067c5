import type Docker from 'dockerode';
import { Interrupted, UserError } from '../core/errors.js';
import { parseImageRef } from '../core/image-ref.js';
import { isZeroDockerTime, parseDockerTime } from '../core/docker-time.js';
import { engineMessage, inspectImage, isNotFound, isRemoteEngine } from './engine.js';
import { EngineLost, EngineTooSlow, EngineWatch, type CallOptions } from './engine-watch.js';
import { waitForContainer } from './container-wait.js';
import type { RunSpec } from '../core/run-plan.js';
import { FUNCTRACER_LABEL } from './labels.js';
import type { ContainerOutput, ContainerRuntime, ContainerState, CreateOptions, PullProgress, RunContainer } from './runtime.js';
import { startStatsSampler } from './stats-sampler.js';
import { pullImage } from './pull.js';
import { isOrphan } from './orphans.js';
import { SAMPLE_FUNCTIONS, sampleImageRef } from './samples/catalog.js';
import { closestName } from '../core/did-you-mean.js';
import { bridgeGatewayOf, type IpamConfig } from './bridge-gateway.js';

export function dockerRuntime(docker: Docker): ContainerRuntime {
  // Every call goes through one watch, which tells a slow engine from a dead one.
  const watch = new EngineWatch(docker);
  const answered = <T>(what: string, call: (o: { abortSignal: AbortSignal }) => Promise<T>, options: CallOptions = {}) =>
    watch.call(what, ({ abortSignal }) => call({ abortSignal }), options);
  let info: Promise<{ CgroupDriver?: string; NCPU?: number }> | undefined;
  // One request for the engine's settings, shared by what needs them.
  const engineInfo = () =>
    (info ??= answered('a request for its settings', (o) =>
      (docker.info as (options: object) => Promise<{ CgroupDriver?: string; NCPU?: number }>).call(docker, o),
    ));
  let version: Promise<{ Components?: { Name?: string }[] }> | undefined;
  // Podman's compatible API answers as Docker does; only its version's components name it.
  const engineVersion = () =>
    (version ??= answered('a request for its version', (o) =>
      (docker.version as (options: object) => Promise<{ Components?: { Name?: string }[] }>).call(docker, o),
    ));
  return {
    name: 'docker',
    local: !isRemoteEngine(),
    async placement() {
      const [settings, version] = await Promise.all([engineInfo(), engineVersion()]);
      const podman = version.Components?.some((c) => /podman/i.test(c.Name ?? '')) ?? false;
      return { driver: settings.CgroupDriver === 'systemd' ? 'systemd' : 'cgroupfs', engine: podman ? 'podman' : 'docker' } as const;
    },
    cpus() {
      return engineInfo().then((settings) => (settings.NCPU && settings.NCPU > 0 ? settings.NCPU : 1));
    },
    async ensureImage(image: string, onProgress?: PullProgress, options: CallOptions = {}) {
      parseImageRef(image);
      try {
        await answered(`whether it has ${image}`, (o) => inspectImage(docker, image, o), options);
      } catch (error) {
        if (!isNotFound(error)) {
          if (error instanceof UserError || error instanceof Interrupted) throw error;
          throw new UserError(`the engine refused the image name ${image}: ${engineMessage(error)}`, 'Check the image name');
        }
        const images = () => answered('the list of images', (o) => docker.listImages(o), options);
        const meant = closestName(shortRef(image), await knownImageNames(images));
        refuseToPullSample(image, meant);
        await pullImage(docker, watch, image, onProgress, options).catch((pullError: unknown) => {
          // An engine that failed keeps its own word on what to do; a pull that failed gets the name it likely meant.
          const engineFailed = pullError instanceof EngineLost || pullError instanceof EngineTooSlow;
          throw meant && pullError instanceof UserError && !engineFailed
            ? new UserError(pullError.message, `Did you mean ${meant}?`)
            : pullError;
        });
      }
    },
    async imageConfig(image: string) {
      const info = await answered(`the config of ${image}`, (o) => inspectImage(docker, image, o));
      const config = info.Config as { Entrypoint?: string[] | string | null; Cmd?: string[] | string | null; Env?: string[] | null };
      const words = (value: string[] | string | null | undefined) => (Array.isArray(value) ? value : value ? [value] : []);
      return { entrypoint: words(config.Entrypoint), cmd: words(config.Cmd), env: config.Env ?? [] };
    },
    async bridgeGateway() {
      try {
        type Inspected = { IPAM?: { Config?: IpamConfig[] | null } };
        const bridge = docker.getNetwork('bridge');
        const network = await answered('the bridge network', (o) =>
          (bridge.inspect as (options: object) => Promise<Inspected>).call(bridge, o),
        );
        return bridgeGatewayOf(network.IPAM?.Config ?? []);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async create(spec: RunSpec, options: CreateOptions) {
      const container = await createContainer(docker, watch, spec, options);
      return wrapContainer(docker, watch, container, options);
    },
    async removeOrphans() {
      const listed = await answered('the list of containers', (o) =>
        docker.listContainers({ ...o, all: true, filters: { label: [FUNCTRACER_LABEL] } }),
      );
      const orphans = listed.filter((c) => isOrphan(c.Labels));
      await Promise.all(
        orphans.map((c) =>
          answered(`the removal of ${c.Id.slice(0, 12)}`, (o) => docker.getContainer(c.Id).remove({ ...o, force: true })).catch(
            () => undefined,
          ),
        ),
      );
      return orphans.length;
    },
  };
}

async function createContainer(docker: Docker, watch: EngineWatch, spec: RunSpec, options: CreateOptions): Promise<Docker.Container> {
  const calls: CallOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onSlow ? { onSlow: options.onSlow } : {}),
  };
  await refuseNewVolumes(watch, docker, spec.binds, calls);
  const hostConfig: Docker.HostConfig = { Binds: spec.binds, NetworkMode: spec.networkMode };
  if (spec.extraHosts) hostConfig.ExtraHosts = spec.extraHosts;
  if (spec.memoryBytes !== undefined) hostConfig.Memory = spec.memoryBytes;
  if (spec.memorySwapBytes !== undefined) hostConfig.MemorySwap = spec.memorySwapBytes;
  if (spec.nanoCpus !== undefined) hostConfig.NanoCpus = spec.nanoCpus;
  if (options.cgroupParent) hostConfig.CgroupParent = options.cgroupParent;
  try {
    // A create cut off midway may still make the container, under a name only: a stop gives it the deadline to finish.
    return await watch.call(
      `the creation of ${options.name}`,
      ({ abortSignal }) =>
        docker.createContainer({
          abortSignal,
          name: options.name,
          Image: spec.image,
          Cmd: spec.args,
          Env: spec.env,
          Labels: { [FUNCTRACER_LABEL]: '1', ...options.labels },
          HostConfig: hostConfig,
          ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
          ...(spec.workdir ? { WorkingDir: spec.workdir } : {}),
          ...(spec.user ? { User: spec.user } : {}),
        }),
      { ...calls, stopGraceMs: watch.deadlineMs },
    );
  } catch (error) {
    if (error instanceof EngineLost || error instanceof EngineTooSlow || error instanceof Interrupted)
      throw await removeUnfinished(docker, watch, options.name, error);
    if (error instanceof UserError) throw error;
    throw new UserError(
      `the engine refused to create a container from ${spec.image}: ${engineMessage(error)}`,
      'Check the options and the image',
    );
  }
}

/**
 * A bind whose host part is a bare name mounts a named volume, and the engine makes one that does not exist: the
 * function finds an empty folder and the volume outlives the run. Existing volumes are the user's to mount.
 */
async function refuseNewVolumes(watch: EngineWatch, docker: Docker, binds: readonly string[], calls: CallOptions): Promise<void> {
  for (const bind of binds) {
    const name = bind.split(':')[0]!;
    if (name.startsWith('/')) continue;
    try {
      // dockerode puts the name into the URL path as it is given.
      const volume = docker.getVolume(encodeURIComponent(name));
      await watch.call(`whether it has the volume ${name}`, ({ abortSignal }) => volume.inspect({ abortSignal }), calls);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw new UserError(
        `--volume ${bind}: there is no folder or volume called ${name}`,
        `Mount a folder as ./${name} or by its absolute path, or make the volume first with docker volume create ${name}`,
      );
    }
  }
}

function toState(info: Docker.ContainerInspectInfo): ContainerState {
  const s = info.State;
  return {
    id: info.Id,
    pid: s.Pid,
    running: s.Running,
    startedAt: s.StartedAt,
    finishedAt: s.FinishedAt,
    startedAtMs: parseDockerTime(s.StartedAt),
    finishedAtMs: isZeroDockerTime(s.FinishedAt) ? NaN : parseDockerTime(s.FinishedAt),
    exitCode: s.ExitCode,
    oomKilled: s.OOMKilled,
    error: s.Error,
  };
}

/**
 * A create that was cut off may have made the container all the same: it is
 * removed by name, or, with the engine gone, named so the user can remove it.
 */
async function removeUnfinished(docker: Docker, watch: EngineWatch, name: string, cause: UserError | Interrupted): Promise<Error> {
  try {
    await watch.call(`the removal of ${name}`, ({ abortSignal }) =>
      docker.getContainer(name).remove({ abortSignal, force: true, v: true }),
    );
    return cause;
  } catch (error) {
    if (isNotFound(error)) return cause;
    return new UserError(
      `${cause.message}, and the engine may have made container ${name}`,
      `Once it answers, remove it: docker rm -f ${name}`,
    );
  }
}

function wrapContainer(docker: Docker, watch: EngineWatch, container: Docker.Container, options: CreateOptions): RunContainer {
  const name = options.name;
  // Slow calls are told to the run, whichever step makes them; a stop is the caller's to pass per call.
  const slow: CallOptions = options.onSlow ? { onSlow: options.onSlow } : {};
  const answered = <T>(what: string, call: (o: { abortSignal: AbortSignal }) => Promise<T>, extra: CallOptions = {}) =>
    watch.call(what, ({ abortSignal }) => call({ abortSignal }), { ...slow, ...extra });
  let exit: Promise<number> | undefined;
  const exists = () =>
    answered(`a request for the state of ${name}`, (o) => container.inspect(o)).then(
      () => true,
      () => false,
    );
  return {
    id: container.id,
    name,
    async start(call = {}) {
      try {
        // A start cut off midway leaves the container's state unknown: a stop gives it the deadline to finish.
        await watch.call(`the start of ${name}`, ({ abortSignal }) => container.start({ abortSignal }), {
          ...slow,
          ...call,
          stopGraceMs: watch.deadlineMs,
        });
      } catch (error) {
        if (error instanceof UserError || error instanceof Interrupted) throw error;
        throw new UserError(
          `the container could not start: ${engineMessage(error)}`,
          'Check the image command, its arguments and the volume paths',
        );
      }
    },
    waitForExit(signal) {
      exit ??= watch.call(
        `the wait for the exit of ${name}`,
        ({ abortSignal }) => waitForContainer(docker, watch, container, abortSignal),
        signal ? { signal, patient: true } : { patient: true },
      );
      return exit;
    },
    async inspect(call = {}) {
      return toState(await answered(`a request for the state of ${name}`, (o) => container.inspect(o), call));
    },
    async update(limits) {
      try {
        await answered(`a new memory limit for ${name}`, (o) =>
          container.update({ ...o, Memory: limits.memoryBytes, MemorySwap: limits.memorySwapBytes }),
        );
      } catch (error) {
        // Podman before 5 has no update route, and its 404 reads "no such container" for a container that is there.
        if (!isNotFound(error) || !(await exists())) throw error;
        throw new UserError(
          "this engine cannot change a running container's memory limit (its API has no container update; Podman 4 lacks it)",
          'Autotune (--uhull) with Docker or Podman 5 or later; plain runs work on this engine',
        );
      }
    },
    async kill() {
      await answered(`the stop of ${name}`, (o) => container.kill(o)).catch((error: unknown) => {
        // A container that has exited already cannot be killed, which is fine; an engine that does not answer is not.
        if (error instanceof UserError) throw error;
      });
    },
    async remove() {
      await answered(`the removal of ${name}`, (o) => container.remove({ ...o, force: true, v: true })).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    },
    async output() {
      const logs = await answered(`the output of ${name}`, (o) => container.logs({ ...o, stdout: true, stderr: true, follow: false }));
      return demuxLogs(logs);
    },
    statsSampler(onBatch) {
      return startStatsSampler(container, onBatch);
    },
  };
}

const STDERR = 2;

/**
 * Without a TTY the engine frames each write with 8 bytes (stream, 3 zeros,
 * length); the payloads in order are the output as the function wrote it.
 */
export function demuxLogs(logs: Buffer): ContainerOutput {
  const all: Buffer[] = [];
  const stderr: Buffer[] = [];
  let at = 0;
  while (at + 8 <= logs.length && logs[at + 1] === 0 && logs[at + 2] === 0 && logs[at + 3] === 0 && logs[at]! <= STDERR) {
    const payload = logs.subarray(at + 8, at + 8 + logs.readUInt32BE(at + 4));
    all.push(payload);
    if (logs[at] === STDERR) stderr.push(payload);
    at += 8 + payload.length;
  }
  // Anything unframed (an engine that sends the raw stream) is kept as it came.
  if (at < logs.length) all.push(logs.subarray(at));
  return { all: Buffer.concat(all), stderr: Buffer.concat(stderr) };
}

/**
 * functracer/* is the local namespace of the sample images: they are built on
 * this machine and never published, so asking a registry for one only sends
 * traffic out and fails.
 */
function refuseToPullSample(image: string, meant: string | undefined): void {
  if (!image.startsWith('functracer/')) return;
  const sample = SAMPLE_FUNCTIONS.find((s) => image === s.name || image === sampleImageRef(s));
  if (sample !== undefined) {
    const build = sample.onDemand === undefined ? 'functracer samples build' : `functracer samples build ${sample.name}`;
    throw new UserError(`sample image ${image} is not built on this engine`, `Build the sample images first: ${build}`);
  }
  throw new UserError(`there is no image ${image}`, meant ? `Did you mean ${meant}?` : 'functracer samples list shows the sample images');
}

/** The names a user may have meant: the engine's images (as `docker images` names them, without `:latest`) and the samples. */
async function knownImageNames(list: () => Promise<Docker.ImageInfo[]>): Promise<string[]> {
  const listed = await list().catch(() => []);
  const tags = listed.flatMap((image) => image.RepoTags ?? []).filter((tag) => !tag.startsWith('<none>'));
  return [...SAMPLE_FUNCTIONS.map((sample) => sample.name), ...tags.map(shortRef)];
}

/** `name:latest` as `name`, the way it is usually typed. */
const shortRef = (ref: string) => ref.replace(/:latest$/, '');
