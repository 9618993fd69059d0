// One general-list subscription per subscriber, held by the database itself (migration
// 20261130120000): the unique key treats the general list's null campaign as one value, and the
// migration merges rows that an earlier race could have doubled without losing a delivery's link.
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MIGRATION = "prisma/migrations/20261130120000_one_general_subscription_per_subscriber/migration.sql";

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client.end();
});

async function insertSubscriber(email: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO subscribers (id, email, email_normal, locale, status)
     VALUES (gen_random_uuid(), $1, $1, 'en', 'active') RETURNING id`,
    [email],
  );
  return rows[0]!.id;
}

async function insertGeneral(subscriberId: string, status: string, createdAt: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO subscriptions (id, subscriber_id, campaign_id, status, created_at)
     VALUES (gen_random_uuid(), $1, NULL, $2, $3) RETURNING id`,
    [subscriberId, status, createdAt],
  );
  return rows[0]!.id;
}

describe("the general list", () => {
  it("refuses a second general-list row for the same subscriber", async () => {
    await client.query("BEGIN");
    try {
      const subscriber = await insertSubscriber("twice-general@example.org");
      await insertGeneral(subscriber, "active", "2026-11-01T00:00:00Z");
      await expect(insertGeneral(subscriber, "pending", "2026-11-02T00:00:00Z")).rejects.toThrow(
        /subscriptions_subscriber_id_campaign_id_key/,
      );
    } finally {
      await client.query("ROLLBACK");
    }
  });

  it("the migration merges doubled rows into the one that mails least, and moves their deliveries", async () => {
    await client.query("BEGIN");
    try {
      // The state before the migration: the old index, with nulls distinct.
      await client.query(`DROP INDEX "subscriptions_subscriber_id_campaign_id_key"`);
      await client.query(
        `CREATE UNIQUE INDEX "subscriptions_subscriber_id_campaign_id_key" ON subscriptions (subscriber_id, campaign_id)`,
      );
      const stopped = await insertSubscriber("stopped-then-raced@example.org");
      const activeOld = await insertGeneral(stopped, "active", "2026-10-01T00:00:00Z");
      const unsubscribed = await insertGeneral(stopped, "unsubscribed", "2026-10-02T00:00:00Z");
      const single = await insertSubscriber("once@example.org");
      const only = await insertGeneral(single, "pending", "2026-10-03T00:00:00Z");
      const delivery = await client.query<{ id: string }>(
        `INSERT INTO email_deliveries (id, kind, subscriber_id, subscription_id, to_email)
         VALUES (gen_random_uuid(), 'update', $1, $2, 'stopped-then-raced@example.org') RETURNING id`,
        [stopped, activeOld],
      );

      await client.query(fs.readFileSync(MIGRATION, "utf8"));

      const rows = await client.query<{ id: string; subscriber_id: string }>(
        `SELECT id, subscriber_id FROM subscriptions WHERE subscriber_id = ANY($1::uuid[]) ORDER BY created_at`,
        [[stopped, single]],
      );
      expect(rows.rows.map((row) => row.id)).toEqual([unsubscribed, only]);
      const moved = await client.query<{ subscription_id: string }>(
        `SELECT subscription_id FROM email_deliveries WHERE id = $1`,
        [delivery.rows[0]!.id],
      );
      expect(moved.rows[0]!.subscription_id).toBe(unsubscribed);
      await expect(insertGeneral(single, "active", "2026-10-04T00:00:00Z")).rejects.toThrow(/duplicate key/);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
