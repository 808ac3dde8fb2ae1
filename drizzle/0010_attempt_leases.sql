ALTER TABLE `approval_instances` ADD `attempt_owner` text;--> statement-breakpoint
ALTER TABLE `approval_instances` ADD `attempt_expires_at` integer;--> statement-breakpoint
CREATE INDEX `approval_instances_attempt_expires` ON `approval_instances` (`attempt_expires_at`) WHERE "approval_instances"."attempt_owner" IS NOT NULL;--> statement-breakpoint
UPDATE `approval_instances` SET `outcome_unknown` = true WHERE `state` = 'PENDING' AND `last_error_code` IS NULL;
