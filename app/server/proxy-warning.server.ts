import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { RequestHandler } from "express";
import { log } from "~/utils/logger.server";

// Where a reverse proxy or load balancer in front of the app connects from: loopback, private and
// link-local networks, and carrier-grade NAT (some platforms' internal load balancers).
const PROXY_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ["127.0.0.0", 8],
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["169.254.0.0", 16],
  ["100.64.0.0", 10],
] as const) {
  PROXY_NETWORKS.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  PROXY_NETWORKS.addSubnet(network, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const ipv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  if (isIPv4(ipv4)) return PROXY_NETWORKS.check(ipv4, "ipv4");
  return isIPv6(address) && PROXY_NETWORKS.check(address, "ipv6");
}

/**
 * Warns once when requests arrive through a proxy (X-Forwarded-For from a private address) while
 * TRUST_PROXY=0: every signer would then share the proxy's IP address, and with it one set of
 * rate limits, so a handful of people could lock everyone else out.
 */
export function warnOnUntrustedProxy(trustProxy: number): RequestHandler {
  let warned = trustProxy > 0;
  return (req, _res, next) => {
    if (!warned && req.get("x-forwarded-for") && isPrivateAddress(req.socket.remoteAddress ?? "")) {
      warned = true;
      log.warn(
        "Requests arrive through a proxy but TRUST_PROXY=0, so every visitor shares the proxy's IP " +
          "address and its rate limits: set TRUST_PROXY to the number of proxies in front of the app",
      );
    }
    next();
  };
}
