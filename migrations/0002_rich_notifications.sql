ALTER TABLE `messages` ADD `image` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `badge` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `tag` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `actions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `require_interaction` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `silent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `renotify` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `vibrate` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `timestamp` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `dir` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `app_badge` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `origin` text;