import { isIPv6 } from "node:net";
import { keyedMac } from "~/utils/keys.server";

/**
 * The network an address speaks for: an IPv4 address alone, an IPv6 address by its /64. One IPv6
 * subscriber usually holds a whole /64 and can rotate through its 2^64 addresses at will, so
 * counting each address apart would let one machine look like millions (THREATS.md).
 */
export function ipNetwork(ip: string): string {
  const address = ip.trim().toLowerCase();
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (any zone id dropped), each without leading zeros. */
function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.split("%")[0]!.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const last = right.at(-1) ?? left.at(-1);
  if (last?.includes(".")) {
    const bytes = last.split(".").map(Number);
    const v4 = [((bytes[0]! << 8) | bytes[1]!).toString(16), ((bytes[2]! << 8) | bytes[3]!).toString(16)];
    if (right.length > 0) right = [...right.slice(0, -1), ...v4];
    else left = [...left.slice(0, -1), ...v4];
  }
  const zeros = Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0");
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

/**
 * A keyed hash of the network an IP address belongs to (see ipNetwork): enough to count requests
 * from it for abuse checks, useless for finding out who it was without APP_SECRET. Raw addresses
 * are never stored.
 */
export function hashIp(ip: string): string {
  return keyedMac("ip-hash", ipNetwork(ip)).toString("base64url").slice(0, 22);
}
