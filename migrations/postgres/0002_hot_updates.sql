-- Custom SQL migration (drizzle-kit generate --custom): storage settings drizzle's schema cannot express.
-- A fan-out rewrites each of its delivery rows twice (the claim, then the outcome) and each device's
-- subscription row once (last_success_at / failure_count). None of those columns is indexed except
-- deliveries.outcome, so the claim and the stamp can be heap-only (HOT) updates, which add no index entries,
-- but only when the new row version fits on the same page: half-full pages leave that room.
-- Measured (npm run bench, fanout-pg): the database's CPU per message fell from about 92-145 us to 82-89 us.
-- Pages written before this migration keep their old fill until they are rewritten.
ALTER TABLE "deliveries" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "subscriptions" SET (fillfactor = 50);
