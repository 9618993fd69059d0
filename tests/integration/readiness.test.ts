import { describe, expect, it } from "vitest";
import { loader as healthz } from "~/routes/healthz";
import { loader as readyz } from "~/routes/readyz";
import { disconnectPrisma } from "~/utils/db.server";
import { setDatabaseUrl } from "~/utils/env.server";

describe("health endpoints", () => {
  it("/healthz answers ok without touching the database", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("/readyz is ok while the database answers, and 503 once it cannot be reached", async () => {
    const up = await readyz();
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ ok: true, database: { ok: true } });

    // Port 1 on loopback has nothing listening: the same check must now report failure.
    await disconnectPrisma();
    setDatabaseUrl("postgresql://postgres@127.0.0.1:1/none");
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, database: { ok: false } });
  });
});
