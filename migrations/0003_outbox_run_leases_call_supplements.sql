CREATE TABLE "job_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"job" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "supplement" jsonb;--> statement-breakpoint
ALTER TABLE "source_runs" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "source_runs" ADD COLUMN "job_id" text;--> statement-breakpoint
ALTER TABLE "source_runs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "source_runs_running_idx" ON "source_runs" USING btree ("outcome") WHERE outcome = 'running';