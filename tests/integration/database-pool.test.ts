// The app's connection pool gives up on a database that stops answering, and the errors it then
// meets are told apart from bugs: "unavailable, try again" versus "something is wrong".
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { pingDatabase } from "~/models/health.server";
import { isDatabaseUnavailable } from "~/utils/db-errors";
import { disconnectPrisma, getPool, getPrisma } from "~/utils/db.server";
import { setDatabaseUrl } from "~/utils/env.server";
import { freePort } from "../support/ports";

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("the database pool", () => {
  it("has a statement timeout on every connection, through pg and Prisma alike", async () => {
    const { rows } = await getPool().query<{ statement_timeout: string }>("SHOW statement_timeout");
    expect(rows[0]?.statement_timeout).toBe("15s");
    const viaPrisma = await getPrisma().$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
    expect(viaPrisma[0]?.statement_timeout).toBe("15s");
  });

  it("tells a cut connection or a timed-out statement (try again) from a bug or bad data", async () => {
    const terminated = await errorOf(getPrisma().$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`);
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    const terminatedRaw = await errorOf(getPool().query("SELECT pg_terminate_backend(pg_backend_pid())"));
    expect(isDatabaseUnavailable(terminatedRaw)).toBe(true);
    const timedOut = await errorOf(
      getPrisma().$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL statement_timeout = 50`;
        await tx.$queryRaw`SELECT pg_sleep(1)`;
      }),
    );
    expect(isDatabaseUnavailable(timedOut)).toBe(true);

    const badSql = await errorOf(getPrisma().$queryRawUnsafe("SELECT * FROM no_such_table"));
    expect(isDatabaseUnavailable(badSql)).toBe(false);
    const divisionByZero = await errorOf(getPool().query("SELECT 1/0"));
    expect(isDatabaseUnavailable(divisionByZero)).toBe(false);
    expect(isDatabaseUnavailable(new Error("a bug"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  describe("with a database that accepts connections and never answers", () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it("fails a query within the connection timeout instead of hanging, as unavailable", async () => {
      const port = await freePort();
      await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", resolve));
      await disconnectPrisma();
      setDatabaseUrl(`postgresql://postgres@127.0.0.1:${port}/rollcall`);
      const started = Date.now();
      const error = await errorOf(pingDatabase());
      expect(Date.now() - started).toBeLessThan(35_000);
      expect(isDatabaseUnavailable(error)).toBe(true);
      await disconnectPrisma();
    }, 45_000);
  });
});
