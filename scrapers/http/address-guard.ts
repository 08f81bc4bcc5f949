import dns from 'node:dns';
import net from 'node:net';
import { BlockedAddressError } from './errors.js';

/**
 * SSRF guard for user-configured source URLs: a coordinator may add a source, but must not be
 * able to make our workers fetch the cloud metadata endpoint or an internal admin page. The
 * check runs in the socket's DNS lookup, so it covers DNS rebinding too (the address checked is
 * the address connected to), and on the URL of every redirect hop for IP literals, which never
 * reach the lookup (client.ts). See OpenPanel's safe-fetch for the same idea.
 */
const blockedRanges = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blockedRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blockedRanges.addSubnet(network, prefix, 'ipv6');
}

/**
 * IPv6 prefixes whose last 32 bits carry an IPv4 address a gateway may connect to: NAT64's
 * well-known prefix (RFC 6052) and the deprecated IPv4-compatible form. (IPv4-mapped
 * ::ffff:0:0/96 is judged by BlockList itself against the IPv4 ranges.)
 */
const embeddingIpv4 = new net.BlockList();
embeddingIpv4.addSubnet('64:ff9b::', 96, 'ipv6');
embeddingIpv4.addSubnet('::', 96, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 4) return !blockedRanges.check(address, 'ipv4');
  if (blockedRanges.check(address, 'ipv6')) return false;
  if (!embeddingIpv4.check(address, 'ipv6')) return true;
  const embedded = embeddedIpv4(address);
  return embedded !== null && !blockedRanges.check(embedded, 'ipv4');
}

/** The IPv4 address in an IPv6 address's last 32 bits ("::a9fe:a9fe" → "169.254.169.254"). */
function embeddedIpv4(address: string): string | null {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) return dotted[1];
  const groups = address.split(':');
  const high = Number.parseInt(groups.at(-2) || '0', 16);
  const low = Number.parseInt(groups.at(-1) || '0', 16);
  if (Number.isNaN(high) || Number.isNaN(low)) return null;
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A drop-in for dns.lookup that fails when any resolved address is not public. */
export function publicOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, []);
      return;
    }
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked) {
      callback(new BlockedAddressError(hostname, blocked.address), []);
      return;
    }
    if (options.all) {
      callback(null, addresses);
      return;
    }
    const first = addresses[0];
    if (!first) {
      callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      return;
    }
    callback(null, first.address, first.family);
  });
}

/**
 * Node connects to an IP-literal host without calling the lookup, so the lookup's check never
 * sees http://169.254.169.254/: literal hosts are checked here, before each hop connects.
 * Names that are loopback by definition (RFC 6761 "localhost") are refused without asking DNS.
 */
export function assertPublicLiteralHost(url: URL, redirectedFrom?: string): void {
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (net.isIP(host) && !isPublicAddress(host)) {
    throw new BlockedAddressError(url.host, host, redirectedFrom);
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new BlockedAddressError(url.host, host, redirectedFrom);
  }
}

/** One SOURCE_HOST_ALLOWLIST entry: a host, and the one port allowed (null: every port). */
export interface AllowedHost {
  /** As URL.hostname spells it: lower case, IPv6 in brackets, IDN in punycode. */
  hostname: string;
  port: number | null;
}

const HOST_AND_PORT = /^(\[[^\]]+\]|[^:[\]/?#@\\\s]+)(?::(\d{1,5}))?$/;

/** An allow-list entry that is not `host` or `host:port`; the configuration names its variable. */
export class AllowedHostError extends Error {
  constructor(
    readonly entry: string,
    /** "is not host or host:port", "has a port outside 1–65535", … */
    readonly reason: string,
  ) {
    super(`allowed host "${entry}" ${reason}`);
    this.name = 'AllowedHostError';
  }
}

/** Reads `host` or `host:port` (`[::1]:8080` for IPv6), normalised as URL.hostname is. */
export function parseAllowedHost(entry: string): AllowedHost {
  const match = HOST_AND_PORT.exec(entry.trim());
  const host = match?.[1];
  if (!match || !host) throw new AllowedHostError(entry, 'is not host or host:port');
  let hostname: string;
  try {
    hostname = new URL(`http://${host}/`).hostname;
  } catch {
    throw new AllowedHostError(entry, 'does not name a valid host');
  }
  if (match[2] === undefined) return { hostname, port: null };
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw new AllowedHostError(entry, 'has a port outside 1–65535');
  return { hostname, port };
}

/** The hosts the SSRF guard lets through: an intranet programme page, a test's local server. */
export class HostAllowList {
  private readonly entries: AllowedHost[];

  constructor(entries: readonly string[] = []) {
    this.entries = entries.map(parseAllowedHost);
  }

  allows(url: URL): boolean {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return this.entries.some(
      (entry) => entry.hostname === url.hostname && (entry.port === null || entry.port === port),
    );
  }
}
