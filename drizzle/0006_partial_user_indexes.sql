-- Indexes on optional columns (user_id, open_id, department_id, end_time) keep no entry for a
-- row without a value: a push no longer writes index pages for the identifiers it leaves out.
-- Every query filtering on these columns uses = or a range, which implies IS NOT NULL.
DROP INDEX `approval_instances_user_created`;--> statement-breakpoint
DROP INDEX `approval_instances_open_created`;--> statement-breakpoint
DROP INDEX `approval_instances_user_state_updated`;--> statement-breakpoint
DROP INDEX `approval_instances_open_state_updated`;--> statement-breakpoint
CREATE INDEX `approval_instances_user_created` ON `approval_instances` (`user_id`,`created_at`) WHERE "approval_instances"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `approval_instances_open_created` ON `approval_instances` (`open_id`,`created_at`) WHERE "approval_instances"."open_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `approval_instances_user_state_updated` ON `approval_instances` (`user_id`,`state`,`updated_at`) WHERE "approval_instances"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `approval_instances_open_state_updated` ON `approval_instances` (`open_id`,`state`,`updated_at`) WHERE "approval_instances"."open_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX `external_cc_entries_user_update`;--> statement-breakpoint
DROP INDEX `external_cc_entries_open_update`;--> statement-breakpoint
DROP INDEX `external_cc_entries_user_read_update`;--> statement-breakpoint
DROP INDEX `external_cc_entries_open_read_update`;--> statement-breakpoint
CREATE INDEX `external_cc_entries_user_update` ON `external_cc_entries` (`user_id`,`update_time`) WHERE "external_cc_entries"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_cc_entries_open_update` ON `external_cc_entries` (`open_id`,`update_time`) WHERE "external_cc_entries"."open_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_cc_entries_user_read_update` ON `external_cc_entries` (`user_id`,`read_status`,`update_time`) WHERE "external_cc_entries"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_cc_entries_open_read_update` ON `external_cc_entries` (`open_id`,`read_status`,`update_time`) WHERE "external_cc_entries"."open_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX `external_instances_user_update`;--> statement-breakpoint
DROP INDEX `external_instances_open_update`;--> statement-breakpoint
DROP INDEX `external_instances_department_update`;--> statement-breakpoint
DROP INDEX `external_instances_end`;--> statement-breakpoint
CREATE INDEX `external_instances_user_update` ON `external_instances` (`user_id`,`update_time`) WHERE "external_instances"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_instances_open_update` ON `external_instances` (`open_id`,`update_time`) WHERE "external_instances"."open_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_instances_department_update` ON `external_instances` (`department_id`,`update_time`) WHERE "external_instances"."department_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_instances_end` ON `external_instances` (`end_time`) WHERE "external_instances"."end_time" IS NOT NULL;--> statement-breakpoint
DROP INDEX `external_tasks_user_group_update`;--> statement-breakpoint
DROP INDEX `external_tasks_open_group_update`;--> statement-breakpoint
CREATE INDEX `external_tasks_user_group_update` ON `external_tasks` (`user_id`,`task_group`,`update_time`) WHERE "external_tasks"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_tasks_open_group_update` ON `external_tasks` (`open_id`,`task_group`,`update_time`) WHERE "external_tasks"."open_id" IS NOT NULL;