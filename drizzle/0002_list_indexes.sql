ALTER TABLE `external_tasks` ADD `task_group` text GENERATED ALWAYS AS (CASE WHEN status = 'PENDING' THEN 'PENDING' ELSE 'DONE' END) VIRTUAL;--> statement-breakpoint
CREATE INDEX `external_tasks_user_group_update` ON `external_tasks` (`user_id`,`task_group`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_tasks_open_group_update` ON `external_tasks` (`open_id`,`task_group`,`update_time`);--> statement-breakpoint
CREATE INDEX `approval_instances_approval_created` ON `approval_instances` (`approval_code`,`created_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_user_created` ON `approval_instances` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_open_created` ON `approval_instances` (`open_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_state_created` ON `approval_instances` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_created` ON `approval_instances` (`created_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_user_state_updated` ON `approval_instances` (`user_id`,`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_open_state_updated` ON `approval_instances` (`open_id`,`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `external_cc_entries_user_update` ON `external_cc_entries` (`user_id`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_cc_entries_open_update` ON `external_cc_entries` (`open_id`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_cc_entries_user_read_update` ON `external_cc_entries` (`user_id`,`read_status`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_cc_entries_open_read_update` ON `external_cc_entries` (`open_id`,`read_status`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_approval_update` ON `external_instances` (`approval_code`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_status_update` ON `external_instances` (`status`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_user_update` ON `external_instances` (`user_id`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_open_update` ON `external_instances` (`open_id`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_department_update` ON `external_instances` (`department_id`,`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_update` ON `external_instances` (`update_time`);--> statement-breakpoint
CREATE INDEX `external_instances_start` ON `external_instances` (`start_time`);--> statement-breakpoint
CREATE INDEX `external_instances_end` ON `external_instances` (`end_time`);