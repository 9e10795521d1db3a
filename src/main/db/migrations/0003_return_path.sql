CREATE TABLE `study_images` (
	`sop_instance_uid` text PRIMARY KEY NOT NULL,
	`appointment_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`event_id` text NOT NULL,
	`study_instance_uid` text,
	`sop_class_uid` text NOT NULL,
	`laterality` text,
	`view` text,
	`thumbnail_mime` text NOT NULL,
	`thumbnail` blob NOT NULL,
	`thumbnail_width` integer NOT NULL,
	`thumbnail_height` integer NOT NULL,
	`dose` text,
	`acquired_at` text NOT NULL,
	`received_at` text NOT NULL,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `study_images_appointment_idx` ON `study_images` (`appointment_id`);--> statement-breakpoint
ALTER TABLE `clinics` ADD `manual_mode` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `gateway_events` ADD `accession_number` text;--> statement-breakpoint
ALTER TABLE `gateway_events` ADD `detail` text;