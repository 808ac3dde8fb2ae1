CREATE TABLE `approval_cc_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_pk` integer NOT NULL,
	`cc_id` text NOT NULL,
	`user_id` text,
	`open_id` text,
	`read_status` text NOT NULL,
	`from_user_id` text,
	`create_time` integer NOT NULL,
	`update_time` integer NOT NULL,
	FOREIGN KEY (`instance_pk`) REFERENCES `approval_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_cc_entries_instance_cc` ON `approval_cc_entries` (`instance_pk`,`cc_id`);--> statement-breakpoint
CREATE INDEX `approval_cc_entries_user_update` ON `approval_cc_entries` (`user_id`,`update_time`) WHERE "approval_cc_entries"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `approval_cc_entries_open_update` ON `approval_cc_entries` (`open_id`,`update_time`) WHERE "approval_cc_entries"."open_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `approval_subscriptions` (
	`approval_code` text PRIMARY KEY NOT NULL,
	`subscribed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `approval_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_pk` integer NOT NULL,
	`task_id` text NOT NULL,
	`user_id` text,
	`open_id` text,
	`status` text NOT NULL,
	`node_id` text,
	`node_name` text,
	`custom_node_id` text,
	`task_type` text,
	`start_time` integer,
	`end_time` integer,
	`update_time` integer NOT NULL,
	`task_group` text GENERATED ALWAYS AS (CASE WHEN status = 'PENDING' THEN 'PENDING' WHEN status IN ('APPROVED', 'REJECTED', 'TRANSFERRED') THEN 'DONE' END) VIRTUAL,
	FOREIGN KEY (`instance_pk`) REFERENCES `approval_instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_tasks_instance_task` ON `approval_tasks` (`instance_pk`,`task_id`);--> statement-breakpoint
CREATE INDEX `approval_tasks_user_group_update` ON `approval_tasks` (`user_id`,`task_group`,`update_time`) WHERE "approval_tasks"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `approval_tasks_open_group_update` ON `approval_tasks` (`open_id`,`task_group`,`update_time`) WHERE "approval_tasks"."open_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `feishu_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`instance_code` text,
	`body` text NOT NULL,
	`state` text NOT NULL,
	`received_at` integer NOT NULL,
	`applied_at` integer
);
--> statement-breakpoint
CREATE INDEX `feishu_events_state_received` ON `feishu_events` (`state`,`received_at`);--> statement-breakpoint
CREATE INDEX `feishu_events_waiting` ON `feishu_events` (`instance_code`) WHERE "feishu_events"."state" = 'WAITING';--> statement-breakpoint
ALTER TABLE `approval_instances` ADD `status` text;--> statement-breakpoint
ALTER TABLE `approval_instances` ADD `status_time` integer;--> statement-breakpoint
ALTER TABLE `approval_instances` ADD `refreshed_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `approval_instances_unsettled` ON `approval_instances` (`refreshed_at`) WHERE "approval_instances"."state" = 'CREATED' AND ("approval_instances"."status" IS NULL OR "approval_instances"."status" IN ('PENDING', 'OVERTIME_RECOVER'));