CREATE TABLE `external_instance_payloads` (
	`instance_pk` integer PRIMARY KEY NOT NULL,
	`payload` text NOT NULL,
	FOREIGN KEY (`instance_pk`) REFERENCES `external_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Keep the payloads already mirrored (hand-written: drizzle-kit does not move data).
INSERT INTO `external_instance_payloads` (`instance_pk`, `payload`) SELECT `id`, `last_payload` FROM `external_instances`;--> statement-breakpoint
ALTER TABLE `external_instances` DROP COLUMN `last_payload`;