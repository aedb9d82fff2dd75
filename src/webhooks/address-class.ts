// Pure classification of an IP address for the webhook target guard (spec §5.4 REC, issue 6 §5).
// Only globally routable unicast is `public`; everything else names why it is refused. IPv6 forms that embed an IPv4
// address (mapped, compatible, NAT64, 6to4) are judged by the embedded address so `::ffff:127.0.0.1` is loopback.
import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'cloud_metadata'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

type V4Rule = [base: number, prefix: number, cls: AddressClass];

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

// Most specific first: metadata endpoints sit inside link-local, CGNAT and IETF ranges.
const V4_RULES: V4Rule[] = [
  [v4(169, 254, 169, 254), 32, 'cloud_metadata'], // AWS, GCP, Azure, DigitalOcean, OpenStack IMDS
  [v4(169, 254, 170, 2), 32, 'cloud_metadata'], //   AWS ECS task metadata
  [v4(100, 100, 100, 200), 32, 'cloud_metadata'], // Alibaba Cloud
  [v4(192, 0, 0, 192), 32, 'cloud_metadata'], //     Oracle Cloud
  [v4(255, 255, 255, 255), 32, 'broadcast'],
  [v4(0, 0, 0, 0), 8, 'unspecified'], //             RFC 1122 "this network"
  [v4(10, 0, 0, 0), 8, 'private'], //                RFC 1918
  [v4(100, 64, 0, 0), 10, 'cgnat'], //               RFC 6598
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link_local'], //         RFC 3927
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'], //             RFC 6890 IETF protocol assignments
  [v4(192, 0, 2, 0), 24, 'reserved'], //             TEST-NET-1
  [v4(192, 88, 99, 0), 24, 'reserved'], //           6to4 relay anycast (RFC 7526)
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'], //            benchmarking (RFC 2544)
  [v4(198, 51, 100, 0), 24, 'reserved'], //          TEST-NET-2
  [v4(203, 0, 113, 0), 24, 'reserved'], //           TEST-NET-3
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'], //              RFC 1112 class E
];

function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return v4(Number(parts[0]), Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

export function classifyV4(addr: number): AddressClass {
  for (const [base, prefix, cls] of V4_RULES) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if (((addr & mask) >>> 0) === base) return cls;
  }
  return 'public';
}

/** Eight 16-bit groups of a valid IPv6 address (zone id stripped), trailing dotted quad folded in. */
function parseV6(text: string): number[] | null {
  let s = text.replace(/%.*$/, '');
  if (isIP(s) !== 6) return null;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const n = parseV4(quad[1]!);
    if (n === null) return null;
    s = s.slice(0, -quad[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
  const groups = [...h, ...fill, ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 ? groups : null;
}

const embeddedV4 = (g: number[], at: number) => ((g[at]! << 16) | g[at + 1]!) >>> 0;

export function classifyV6(g: number[]): AddressClass {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g, 6)); //   ::ffff:a.b.c.d mapped
  if (zeroUpTo(6)) return classifyV4(embeddedV4(g, 6)); //                       ::a.b.c.d compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embeddedV4(g, 6)); // NAT64 RFC 6052
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; //        local-use NAT64 RFC 8215
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g, 1)); //                   6to4 RFC 3056
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'cloud_metadata'; // AWS IMDS IPv6
  const first = g[0]!;
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if ((first & 0xffc0) === 0xfe80) return 'link_local';
  if ((first & 0xffc0) === 0xfec0) return 'private'; //                          site-local (deprecated)
  if ((first & 0xfe00) === 0xfc00) return 'private'; //                          ULA RFC 4193
  if ((first & 0xe000) !== 0x2000) return 'reserved'; //                         outside 2000::/3 global unicast
  if (first === 0x2001 && g[1]! < 0x200) return 'reserved'; //                   2001::/23 IETF (Teredo, ORCHID, benchmarking)
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved'; //                documentation
  if (first === 0x3fff && g[1]! < 0x1000) return 'reserved'; //                  documentation RFC 9637
  return 'public';
}

/** Classify an address literal (IPv4, IPv6, bracketed IPv6). Anything that is not an IP address is `invalid`. */
export function classifyAddress(address: string): AddressClass {
  const a = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIP(a) === 4) {
    const n = parseV4(a);
    return n === null ? 'invalid' : classifyV4(n);
  }
  const g = parseV6(a);
  return g ? classifyV6(g) : 'invalid';
}

export const isPublicAddress = (address: string) => classifyAddress(address) === 'public';
