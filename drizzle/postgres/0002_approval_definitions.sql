CREATE TABLE "approval_definitions" (
	"approval_code" text PRIMARY KEY NOT NULL,
	"status" text,
	"default_locale" text NOT NULL,
	"name" text NOT NULL,
	"form" text NOT NULL,
	"nodes" text NOT NULL,
	"fetched_at" bigint NOT NULL
);
