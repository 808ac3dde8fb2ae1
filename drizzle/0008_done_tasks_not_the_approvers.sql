-- A task with status DONE passed without its approver, who does not see it (seed 001): its
-- task_group becomes NULL, on neither of the approval center's lists. SQLite cannot change a
-- generated column in place, nor drop one an index uses: the two indexes on it go first, and
-- come back as 0006 made them. A virtual column stores nothing, so nothing is rewritten.
DROP INDEX `external_tasks_user_group_update`;--> statement-breakpoint
DROP INDEX `external_tasks_open_group_update`;--> statement-breakpoint
ALTER TABLE `external_tasks` DROP COLUMN `task_group`;--> statement-breakpoint
ALTER TABLE `external_tasks` ADD `task_group` text GENERATED ALWAYS AS (CASE WHEN status = 'PENDING' THEN 'PENDING' WHEN status IN ('APPROVED', 'REJECTED', 'TRANSFERRED') THEN 'DONE' END) VIRTUAL;--> statement-breakpoint
CREATE INDEX `external_tasks_user_group_update` ON `external_tasks` (`user_id`,`task_group`,`update_time`) WHERE "external_tasks"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `external_tasks_open_group_update` ON `external_tasks` (`open_id`,`task_group`,`update_time`) WHERE "external_tasks"."open_id" IS NOT NULL;
