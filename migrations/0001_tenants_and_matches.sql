CREATE TABLE "match_feedback" (
	"tenant_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"verdict" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_feedback_tenant_id_area_id_call_id_pk" PRIMARY KEY("tenant_id","area_id","call_id")
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"tenant_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"score" real NOT NULL,
	"explanation" jsonb NOT NULL,
	"profile_version" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "matches_tenant_id_area_id_call_id_pk" PRIMARY KEY("tenant_id","area_id","call_id")
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"area_keys" text[] NOT NULL,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priority_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"weight" real DEFAULT 1 NOT NULL,
	"exclusions" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"languages" text[] NOT NULL,
	"time_zone" text NOT NULL,
	"organisation_type" text NOT NULL,
	"profile_version" integer DEFAULT 1 NOT NULL,
	"profile_hash" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "match_feedback" ADD CONSTRAINT "match_feedback_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_feedback" ADD CONSTRAINT "match_feedback_area_id_priority_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."priority_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_feedback" ADD CONSTRAINT "match_feedback_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_area_id_priority_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."priority_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_areas" ADD CONSTRAINT "priority_areas_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matches_area_score_idx" ON "matches" USING btree ("area_id","score" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "matches_call_idx" ON "matches" USING btree ("call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_tenant_key_uq" ON "departments" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "priority_areas_tenant_key_uq" ON "priority_areas" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_slug_uq" ON "tenants" USING btree ("slug");