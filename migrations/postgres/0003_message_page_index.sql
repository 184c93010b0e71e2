DROP INDEX "deliveries_message_idx";--> statement-breakpoint
CREATE INDEX "deliveries_message_idx" ON "deliveries" USING btree ("message_id","id");