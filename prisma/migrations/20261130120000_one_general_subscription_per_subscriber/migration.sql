-- One general-list subscription per subscriber. The unique (subscriber_id, campaign_id) key let
-- two rows with a null campaign (the general list) exist side by side, since nulls are distinct by
-- default. NULLS NOT DISTINCT (PostgreSQL 15+) makes the database refuse the second one. Prisma's
-- schema cannot say NULLS NOT DISTINCT, but it reads this as the same index, so
-- `prisma migrate diff` still finds no change (tests/integration/migrations.test.ts).

-- Any duplicates already there are merged first: the row kept for a subscriber is the one that
-- mails least (an unsubscribe wins over an active row, an active row over a pending one), so the
-- merge can never make a person receive mail they had stopped.
CREATE TEMPORARY TABLE general_subscription_merge AS
SELECT id, first_value(id) OVER (
         PARTITION BY subscriber_id
         ORDER BY CASE status WHEN 'unsubscribed' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, created_at, id
       ) AS keep_id
  FROM subscriptions
 WHERE campaign_id IS NULL;

UPDATE email_deliveries AS delivery
   SET subscription_id = merge.keep_id
  FROM general_subscription_merge AS merge
 WHERE delivery.subscription_id = merge.id
   AND merge.id <> merge.keep_id;

DELETE FROM subscriptions AS subscription
 USING general_subscription_merge AS merge
 WHERE subscription.id = merge.id
   AND merge.id <> merge.keep_id;

DROP TABLE general_subscription_merge;

DROP INDEX "subscriptions_subscriber_id_campaign_id_key";
CREATE UNIQUE INDEX "subscriptions_subscriber_id_campaign_id_key"
    ON "subscriptions" ("subscriber_id", "campaign_id") NULLS NOT DISTINCT;
