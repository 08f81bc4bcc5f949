CREATE TABLE "call_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"source_run_id" bigint,
	"kind" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"detected_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_deadlines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"stage" smallint NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"local_date" date NOT NULL,
	"time_zone" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" text NOT NULL,
	"natural_key" text NOT NULL,
	"identifier" text NOT NULL,
	"title" text NOT NULL,
	"programme_code" text,
	"programme_name" text,
	"call_identifier" text,
	"call_title" text,
	"type_of_action" text,
	"description_text" text DEFAULT '' NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"opening_at" timestamp with time zone,
	"status" text NOT NULL,
	"closed_reason" text,
	"next_deadline_at" timestamp with time zone,
	"budget" jsonb,
	"eligible_countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"applicant_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"source_url" text NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"missed_polls" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(identifier, '') || ' ' || coalesce(programme_name, '')), 'B') || setweight(to_tsvector('english', coalesce(description_text, '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "source_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"as_of" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text DEFAULT 'running' NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{"fetched":0,"new":0,"changed":0,"unchanged":0,"closed":0,"skipped":0}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"schedule" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"health" text DEFAULT 'unknown' NOT NULL,
	"health_reason" text,
	"last_good_record_count" integer,
	"last_good_poll_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_changes" ADD CONSTRAINT "call_changes_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_changes" ADD CONSTRAINT "call_changes_source_run_id_source_runs_id_fk" FOREIGN KEY ("source_run_id") REFERENCES "public"."source_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_deadlines" ADD CONSTRAINT "call_deadlines_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_runs" ADD CONSTRAINT "source_runs_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_changes_call_idx" ON "call_changes" USING btree ("call_id","detected_at");--> statement-breakpoint
CREATE UNIQUE INDEX "call_deadlines_call_stage_uq" ON "call_deadlines" USING btree ("call_id","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_source_natural_key_uq" ON "calls" USING btree ("source_id","natural_key");--> statement-breakpoint
CREATE INDEX "calls_status_deadline_idx" ON "calls" USING btree ("status","next_deadline_at");--> statement-breakpoint
CREATE INDEX "calls_programme_idx" ON "calls" USING btree ("programme_code");--> statement-breakpoint
CREATE INDEX "calls_search_idx" ON "calls" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "source_runs_source_started_idx" ON "source_runs" USING btree ("source_id","started_at" DESC NULLS LAST);