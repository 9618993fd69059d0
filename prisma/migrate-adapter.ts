// The driver adapter that Prisma 6's Wasm schema engine (`engine: "js"`) uses for migrations.
// Two upstream bugs in @prisma/adapter-pg 6.19.3 need working around (see docs/decisions/0002):
//  - prisma/orm#27403: catalog columns of type `name` (OID 19) and `"char"` (OID 18) cannot be
//    deserialised, so their field types are reported as `text` (OID 25) instead;
//  - the shadow database: its connection string overrides `database`, and it is dropped before its
//    pool has ended; we create and drop it ourselves.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const TEXT_OID = 25;
const CATALOG_OIDS = new Set([18, 19]);

type FieldsCarrier = { fields?: { dataTypeID: number }[] };

function reportCatalogTypesAsText<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as FieldsCarrier[];
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class CatalogSafeClient extends pg.Client {
  // pg.Client#query has many overloads; this wraps callback and promise forms alike.
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    const query = super.query as (...args: unknown[]) => unknown;
    const cb = (typeof values === "function" ? values : callback) as
      ((err: Error | null, res: unknown) => void) | undefined;
    if (cb) {
      const wrapped = (err: Error | null, res: unknown) => cb(err, err ? res : reportCatalogTypesAsText(res));
      return (
        typeof values === "function"
          ? query.call(this, config, wrapped)
          : query.call(this, config, values, wrapped)
      ) as never;
    }
    const pending = query.call(this, config, values) as Promise<unknown> | undefined;
    return (pending?.then ? pending.then(reportCatalogTypesAsText) : pending) as never;
  }
}

/**
 * Pool settings for the database at `url`, or for another database on the same server. The URL is
 * passed whole, so its query (`sslmode=require`, `application_name`, …) applies to every connection.
 */
export function poolConfigFor(url: string, database?: string): pg.PoolConfig {
  if (database === undefined) return { connectionString: url };
  const other = new URL(url);
  other.pathname = `/${encodeURIComponent(database)}`;
  return { connectionString: other.toString() };
}

function migrationPool(config: pg.PoolConfig): pg.Pool {
  return new pg.Pool({ ...config, allowExitOnIdle: true, Client: CatalogSafeClient });
}

async function runAdminStatement(url: string, sql: string): Promise<void> {
  const client = new pg.Client(poolConfigFor(url, "postgres"));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export class MigrationAdapter extends PrismaPg {
  constructor(private readonly url: string) {
    super(migrationPool(poolConfigFor(url)), { disposeExternalPool: true });
  }

  override async connectToShadowDb() {
    const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await runAdminStatement(this.url, `CREATE DATABASE "${name}"`);
    const shadow = new PrismaPg(migrationPool(poolConfigFor(this.url, name)), {
      disposeExternalPool: true,
    });
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await runAdminStatement(this.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    return adapter as Awaited<ReturnType<PrismaPg["connectToShadowDb"]>>;
  }
}
