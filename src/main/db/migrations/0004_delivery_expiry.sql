ALTER TABLE `messages` ADD `clinic_day_ends_at` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `expired_at` text;