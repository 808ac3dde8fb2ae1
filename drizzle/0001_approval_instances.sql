CREATE TABLE `approval_instances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`uuid_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`api` text NOT NULL,
	`instance_code` text,
	`instance_link` text,
	`approval_code` text NOT NULL,
	`user_id` text,
	`open_id` text,
	`department_id` text,
	`form` text NOT NULL,
	`title_key` text,
	`i18n_resources` text,
	`default_locale` text NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`outcome_unknown` integer DEFAULT false NOT NULL,
	`reconciled` integer DEFAULT false NOT NULL,
	`last_error_code` text,
	`last_error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_instances_uuid_key` ON `approval_instances` (`uuid_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `approval_instances_instance_code` ON `approval_instances` (`instance_code`);