CREATE TABLE `external_cc_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_pk` integer NOT NULL,
	`cc_id` text NOT NULL,
	`user_id` text,
	`open_id` text,
	`title_text` text,
	`read_status` text,
	`extra` text,
	`create_time` integer NOT NULL,
	`update_time` integer NOT NULL,
	`display_method` text,
	`pc_link` text,
	`mobile_link` text,
	FOREIGN KEY (`instance_pk`) REFERENCES `external_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_cc_entries_instance_cc` ON `external_cc_entries` (`instance_pk`,`cc_id`);--> statement-breakpoint
CREATE TABLE `external_form_entries` (
	`instance_pk` integer NOT NULL,
	`position` integer NOT NULL,
	`name_text` text NOT NULL,
	`value_text` text NOT NULL,
	PRIMARY KEY(`instance_pk`, `position`),
	FOREIGN KEY (`instance_pk`) REFERENCES `external_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `external_instances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`approval_code` text NOT NULL,
	`instance_id` text NOT NULL,
	`status` text NOT NULL,
	`title_text` text,
	`user_id` text,
	`open_id` text,
	`user_name_text` text,
	`department_id` text,
	`department_name_text` text,
	`start_time` integer NOT NULL,
	`end_time` integer,
	`update_time` integer NOT NULL,
	`display_method` text,
	`update_mode` text NOT NULL,
	`pc_link` text,
	`mobile_link` text,
	`extra` text,
	`trusteeship_user_id_type` text,
	`trusteeship_urls` text,
	`trusteeship_cache_config` text,
	`resource_region` text,
	`default_locale` text NOT NULL,
	`last_payload` text NOT NULL,
	`last_synced_at` integer NOT NULL,
	`first_synced_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_instances_code_id` ON `external_instances` (`approval_code`,`instance_id`);--> statement-breakpoint
CREATE TABLE `external_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_pk` integer NOT NULL,
	`task_id` text NOT NULL,
	`user_id` text,
	`open_id` text,
	`title_text` text,
	`status` text NOT NULL,
	`extra` text,
	`create_time` integer NOT NULL,
	`end_time` integer,
	`update_time` integer NOT NULL,
	`action_context` text,
	`action_configs` text DEFAULT '[]' NOT NULL,
	`display_method` text,
	`exclude_statistics` integer,
	`node_id` text,
	`node_name_text` text,
	`generate_type` text,
	`pc_link` text,
	`mobile_link` text,
	FOREIGN KEY (`instance_pk`) REFERENCES `external_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_tasks_instance_task` ON `external_tasks` (`instance_pk`,`task_id`);--> statement-breakpoint
CREATE TABLE `external_texts` (
	`instance_pk` integer NOT NULL,
	`text_key` text NOT NULL,
	`locale` text NOT NULL,
	`value` text NOT NULL,
	`is_default` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`instance_pk`, `text_key`, `locale`),
	FOREIGN KEY (`instance_pk`) REFERENCES `external_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
