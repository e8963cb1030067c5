/** One entry of a network's IPAM config, as the engine's inspect gives it. */
export type IpamConfig = { Subnet?: string; Gateway?: string };

/**
 * The IPv4 gateway of a bridge network. Docker 20.10 leaves `Gateway` out of the default bridge's config when the
 * daemon created docker0 itself (a fresh boot): the allocator then gives the gateway the subnet's first address, so
 * that is taken. The caller listens on it before trusting it, so a wrong guess falls back to the host's network.
 */
export function bridgeGatewayOf(configs: readonly IpamConfig[]): string | undefined {
  const given = configs.map((c) => c.Gateway).find((gateway) => gateway !== undefined && isIpv4(gateway));
  if (given !== undefined) return given;
  for (const { Subnet } of configs) {
    const first = firstHost(Subnet);
    if (first !== undefined) return first;
  }
  return undefined;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The first host address of an IPv4 subnet such as 172.17.0.0/16, or undefined for IPv6 or a subnet too small. */
function firstHost(subnet: string | undefined): string | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(subnet ?? '');
  if (!match || !isIpv4(match[1]!)) return undefined;
  const bits = Number(match[2]);
  if (bits > 30) return undefined;
  const address = match[1]!.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const first = ((address & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((shift) => (first >>> shift) & 255).join('.');
}
