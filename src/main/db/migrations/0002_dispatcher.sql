CREATE TABLE `gateway_events` (
	`gateway_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`action_id` text,
	`occurred_at` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`gateway_id`, `event_id`),
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `gateways` ADD `gateway_public_key` text;--> statement-breakpoint
ALTER TABLE `gateways` ADD `ack_timeout_seconds` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `outcome_at` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `gateway_reply` text;