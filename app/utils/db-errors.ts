// Whether an error means "the database cannot be reached right now" (a restart, a network cut, a
// timeout, no free connection), as opposed to a bug or bad data. Such a failure is worth retrying
// in a moment, so requests answer 503 and the process keeps running.

// SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources (too many
// connections), 57P01–57P03 shutdown and start-up, 57014 a statement cancelled by its timeout.
const UNAVAILABLE_SQLSTATE = /^(?:08|53|57P0[1-3]$|57014$)/;

// Prisma's: cannot reach, timed out, operations timed out, server closed the connection, no free
// connection in the pool.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

// What Prisma's pg adapter reports for a socket that failed.
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

// `pg` reports a cut connection and its own timeouts as plain errors, without a code.
const UNAVAILABLE_PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|is not queryable/;

type Inspectable = {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
};

function isUnavailable(error: Inspectable): boolean {
  const code = typeof error.code === "string" ? error.code : "";
  return (
    UNAVAILABLE_PRISMA_CODES.has(code) ||
    UNAVAILABLE_SOCKET_CODES.has(code) ||
    (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE.test(code)) ||
    (typeof error.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(error.kind)) ||
    (typeof error.message === "string" && UNAVAILABLE_PG_MESSAGES.test(error.message))
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // Prisma wraps the driver's error (in `meta.driverAdapterError.cause`, or as `cause`), so the
  // whole chain is looked at, a few levels deep.
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 8; seen++) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null) continue;
    const inspectable = current as Inspectable;
    if (isUnavailable(inspectable)) return true;
    pending.push(inspectable.cause, inspectable.meta?.driverAdapterError?.cause);
  }
  return false;
}
