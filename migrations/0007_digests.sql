CREATE TABLE "digest_emails" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"language" text NOT NULL,
	"content" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"smtp_response" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "digest_emails_run_recipient_uq" UNIQUE("run_id","recipient")
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"department_id" uuid,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "digest_runs_scope_period_uq" UNIQUE NULLS NOT DISTINCT("tenant_id","kind","department_id","period")
);
--> statement-breakpoint
CREATE TABLE "digest_shown" (
	"department_id" uuid NOT NULL,
	"email" text NOT NULL,
	"call_id" uuid NOT NULL,
	"snapshot" jsonb NOT NULL,
	"email_id" bigint,
	"first_shown_at" timestamp with time zone NOT NULL,
	"last_shown_at" timestamp with time zone NOT NULL,
	CONSTRAINT "digest_shown_department_id_email_call_id_pk" PRIMARY KEY("department_id","email","call_id")
);
--> statement-breakpoint
CREATE TABLE "digest_subscriptions" (
	"department_id" uuid NOT NULL,
	"email" text NOT NULL,
	"frequency" text DEFAULT 'weekly' NOT NULL,
	"language" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "digest_subscriptions_department_id_email_pk" PRIMARY KEY("department_id","email")
);
--> statement-breakpoint
CREATE TABLE "service_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "digest_min_score" real;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "digest_weekday" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "digest_hour" smallint DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "digest_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "digest_send_empty" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "coordinator_emails" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "digest_emails" ADD CONSTRAINT "digest_emails_run_id_digest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."digest_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_shown" ADD CONSTRAINT "digest_shown_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_shown" ADD CONSTRAINT "digest_shown_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_shown" ADD CONSTRAINT "digest_shown_email_id_digest_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."digest_emails"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_subscriptions" ADD CONSTRAINT "digest_subscriptions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "digest_emails_pending_idx" ON "digest_emails" USING btree ("run_id") WHERE "digest_emails"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "digest_runs_unfinished_idx" ON "digest_runs" USING btree ("created_at") WHERE "digest_runs"."finished_at" is null;