ALTER TABLE `deliveries` ADD `shown_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `clicked_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `clicked_action` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `shown` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `clicked` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `closed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `send_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `expires_at` integer;