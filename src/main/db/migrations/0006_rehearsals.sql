CREATE TABLE `rehearsals` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`clinic_id` text,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`outcome` text NOT NULL,
	`summary` text NOT NULL,
	`phases` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rehearsals_gateway_idx` ON `rehearsals` (`gateway_id`,`finished_at`);