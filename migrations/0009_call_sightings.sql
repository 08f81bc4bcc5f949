ALTER TABLE "calls" ADD COLUMN "canonical_id" uuid;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "match_title" text GENERATED ALWAYS AS (btrim(lower(regexp_replace(title, '[^[:alnum:]]+', ' ', 'g')))) STORED;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_canonical_id_calls_id_fk" FOREIGN KEY ("canonical_id") REFERENCES "public"."calls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calls_match_title_idx" ON "calls" USING btree ("match_title");--> statement-breakpoint
CREATE INDEX "calls_canonical_idx" ON "calls" USING btree ("canonical_id") WHERE canonical_id is not null;