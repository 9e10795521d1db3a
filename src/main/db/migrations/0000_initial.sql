CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`slot_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`state` text NOT NULL,
	`accession_number` text,
	`checked_in_at` text,
	`sent_at` text,
	`finished_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`slot_id`) REFERENCES `clinic_slots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_accession_number_unique` ON `appointments` (`accession_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_slot_unique` ON `appointments` (`slot_id`);--> statement-breakpoint
CREATE INDEX `appointments_participant_idx` ON `appointments` (`participant_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_events` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `clinic_slots` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clinic_slots_duration_positive" CHECK("clinic_slots"."duration_minutes" > 0)
);
--> statement-breakpoint
CREATE INDEX `clinic_slots_clinic_idx` ON `clinic_slots` (`clinic_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `clinics` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`name` text NOT NULL,
	`date` text NOT NULL,
	`location` text NOT NULL,
	`time_zone` text DEFAULT 'Europe/London' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clinics_date_idx` ON `clinics` (`date`);--> statement-breakpoint
CREATE TABLE `gateways` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`name` text NOT NULL,
	`relay_scheme` text NOT NULL,
	`relay_host` text NOT NULL,
	`relay_port` integer,
	`hybrid_connection` text NOT NULL,
	`send_rule_name` text NOT NULL,
	`send_key_ref` text NOT NULL,
	`profile` text NOT NULL,
	`routes` text NOT NULL,
	`modality_ae_title` text,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gateways_provider_idx` ON `gateways` (`provider_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`appointment_id` text,
	`participant_id` text,
	`type` text NOT NULL,
	`action_type` text NOT NULL,
	`payload` text NOT NULL,
	`destination` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`failing_phase` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	`confirmed_at` text,
	`failed_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "messages_confirmed_after_delivered" CHECK("messages"."confirmed_at" IS NULL OR ("messages"."delivered_at" IS NOT NULL AND "messages"."confirmed_at" >= "messages"."delivered_at")),
	CONSTRAINT "messages_attempts_non_negative" CHECK("messages"."attempts" >= 0)
);
--> statement-breakpoint
CREATE INDEX `messages_due_idx` ON `messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `messages_appointment_idx` ON `messages` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `messages_gateway_idx` ON `messages` (`gateway_id`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`nhs_number` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`sex` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_nhs_number_unique` ON `participants` (`nhs_number`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`ods_code` text NOT NULL,
	`created_at` text NOT NULL
);
