/**
 * The guests `npm run test:vm` boots: real hosts of the kinds functracer's
 * users run, made from Debian's packages alone. A recipe's every field goes
 * into the hash that names its cached image, so changing one rebuilds it.
 */
export interface Target {
  name: string;
  /** What the summary calls it. */
  title: string;
  /** The checks run there, in order: each engine or user it proves. */
  scenarios: ('docker-root' | 'docker-user' | 'podman-root' | 'podman-host')[];
  /**
   * Whether root may reset the kernel's mark there ('all': every spike of a
   * train is certain) or the kernel refuses ('new-highs': only the first is,
   * and the report must say so).
   */
  spikes: 'all' | 'new-highs';
  /** Whether the engine can change a running container's limit, or must refuse autotuning in one clear line. */
  autotune: 'follows' | 'refused';
}

export interface GuestRecipe extends Target {
  suite: 'trixie' | 'bookworm';
  packages: string[];
}

// dbus as on every real host: crun (Podman's runtime) reaches systemd only through it.
const base = ['systemd-sysv', 'dbus', 'udev', 'linux-image-amd64', 'kmod', 'procps', 'busybox-static', 'ca-certificates'];

export const GUESTS: GuestRecipe[] = [
  {
    name: 'debian13',
    title: 'Debian 13, kernel 6.12, cgroup v2, systemd driver',
    suite: 'trixie',
    // In trixie the docker command is its own package; netavark is what Podman 5 sets up even a network of none with.
    packages: [...base, 'docker.io', 'docker-cli', 'podman', 'netavark', 'crun', 'conmon'],
    scenarios: ['docker-root', 'docker-user', 'podman-root'],
    spikes: 'all',
    autotune: 'follows',
  },
  {
    name: 'debian12',
    title: 'Debian 12, kernel 6.1, cgroup v2 without a resettable peak',
    suite: 'bookworm',
    // Docker 20.10 refuses to start containers without apparmor_parser, as on a real Debian host.
    packages: [...base, 'docker.io', 'apparmor'],
    scenarios: ['docker-root'],
    spikes: 'new-highs',
    autotune: 'follows',
  },
];

/** Not a guest: Podman 4.3 as Debian 12 ships it, on this host (cgroup v1, runc), through its own socket. */
export const HOST_PODMAN: Target = {
  name: 'host-podman',
  title: 'this host: cgroup v1, Podman 4.3 with runc, cgroupfs',
  scenarios: ['podman-host'],
  spikes: 'all',
  autotune: 'refused',
};

/** Where Debian's packages come from: the same mirror this host's apt uses. */
export const MIRROR = process.env.FUNCTRACER_VM_MIRROR ?? 'http://deb.debian.org/debian';
