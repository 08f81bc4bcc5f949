DROP INDEX "calls_programme_idx";--> statement-breakpoint
CREATE INDEX "calls_listing_deadline_idx" ON "calls" USING btree (coalesce("next_deadline_at", 'infinity'::timestamptz),"id") WHERE "calls"."status" in ('open', 'forthcoming');--> statement-breakpoint
CREATE INDEX "calls_updated_at_idx" ON "calls" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "calls_programme_idx" ON "calls" USING btree (upper("programme_code"));