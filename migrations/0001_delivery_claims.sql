ALTER TABLE `deliveries` ADD `claimed_at` integer;--> statement-breakpoint
CREATE INDEX `deliveries_message_idx` ON `deliveries` (`message_id`);