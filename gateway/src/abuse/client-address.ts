import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address abuse limits count against. IPv4 as is (also when written IPv4-mapped, `::ffff:1.2.3.4`);
 * IPv6 by its /64, the block one subscriber usually holds, so an attacker cannot dodge the limit by
 * rotating through the 2^64 addresses of their own network. The socket's peer address is used: behind a
 * reverse proxy every client shares the proxy's address.
 */
export function clientAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  const address = remote.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':')).flatMap(toGroups);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}

/** One group, or two for a trailing dotted IPv4 part (`::1.2.3.4`). */
function toGroups(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
