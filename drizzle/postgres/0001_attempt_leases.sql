ALTER TABLE "approval_instances" ADD COLUMN "attempt_owner" text;--> statement-breakpoint
ALTER TABLE "approval_instances" ADD COLUMN "attempt_expires_at" bigint;--> statement-breakpoint
CREATE INDEX "approval_instances_attempt_expires" ON "approval_instances" USING btree ("attempt_expires_at") WHERE "approval_instances"."attempt_owner" IS NOT NULL;