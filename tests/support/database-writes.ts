// Counts the rows written to this test file's database by anyone (the app process included), so a
// test can show that a request wrote nothing. A row trigger on every table takes a number from a
// sequence; sequences ignore transactions, so even a write that was rolled back counts.
import { getPrisma } from "~/utils/db.server";

const SEQUENCE = "test_row_writes";

/** Installs the triggers (once per database); tables created later are not watched. */
export async function watchDatabaseWrites(): Promise<void> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(`CREATE SEQUENCE IF NOT EXISTS ${SEQUENCE}`);
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION count_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM nextval('${SEQUENCE}'); RETURN NULL; END $$`);
  // Partitions inherit their partitioned table's trigger, so only top-level tables get one.
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;
  for (const { name } of tables) {
    await prisma.$executeRawUnsafe(`
      CREATE OR REPLACE TRIGGER count_row_write AFTER INSERT OR UPDATE OR DELETE ON ${name}
      FOR EACH ROW EXECUTE FUNCTION count_row_write()`);
  }
}

/** How many rows have been written since watchDatabaseWrites(). */
export async function databaseWrites(): Promise<number> {
  const [row] = await getPrisma().$queryRawUnsafe<{ count: bigint }[]>(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS count FROM ${SEQUENCE}`,
  );
  return Number(row!.count);
}
