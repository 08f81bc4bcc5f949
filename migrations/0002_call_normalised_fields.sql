ALTER TABLE "calls" ADD COLUMN "programme_strands" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "action_category" text;