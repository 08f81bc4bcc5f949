CREATE TABLE "organisation_identifiers" (
	"organisation_id" uuid NOT NULL,
	"scheme" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "organisation_identifiers_scheme_value_pk" PRIMARY KEY("scheme","value")
);
--> statement-breakpoint
CREATE TABLE "organisation_names" (
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"normalised" text NOT NULL,
	CONSTRAINT "organisation_names_organisation_id_normalised_pk" PRIMARY KEY("organisation_id","normalised")
);
--> statement-breakpoint
CREATE TABLE "organisation_sources" (
	"dataset" text NOT NULL,
	"source_key" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"country" text,
	"city" text,
	"type" text DEFAULT 'other' NOT NULL,
	"identifiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"why" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_sources_dataset_source_key_pk" PRIMARY KEY("dataset","source_key")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"country" text,
	"city" text,
	"nuts" text,
	"type" text DEFAULT 'other' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"eu_contribution" real,
	"source_dataset" text,
	"source_key" text,
	CONSTRAINT "participations_project_id_organisation_id_pk" PRIMARY KEY("project_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "partner_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset" text NOT NULL,
	"source_key" text NOT NULL,
	"acronym" text,
	"title" text NOT NULL,
	"objective" text DEFAULT '' NOT NULL,
	"family" text NOT NULL,
	"programme" text,
	"start_year" integer,
	"end_year" integer,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset" text NOT NULL,
	"source_key" text NOT NULL,
	"organisation_id" uuid,
	"call_identifier" text,
	"title" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"url" text
);
--> statement-breakpoint
CREATE TABLE "project_concepts" (
	"project_id" uuid NOT NULL,
	"concept_id" text NOT NULL,
	"evidence" real NOT NULL,
	CONSTRAINT "project_concepts_project_id_concept_id_pk" PRIMARY KEY("project_id","concept_id")
);
--> statement-breakpoint
CREATE TABLE "twin_links" (
	"organisation_a" uuid NOT NULL,
	"organisation_b" uuid NOT NULL,
	"dataset" text NOT NULL,
	CONSTRAINT "twin_links_organisation_a_organisation_b_pk" PRIMARY KEY("organisation_a","organisation_b")
);
--> statement-breakpoint
ALTER TABLE "organisation_identifiers" ADD CONSTRAINT "organisation_identifiers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_names" ADD CONSTRAINT "organisation_names_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_sources" ADD CONSTRAINT "organisation_sources_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_project_id_partner_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."partner_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_requests" ADD CONSTRAINT "partner_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_concepts" ADD CONSTRAINT "project_concepts_project_id_partner_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."partner_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twin_links" ADD CONSTRAINT "twin_links_organisation_a_organisations_id_fk" FOREIGN KEY ("organisation_a") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twin_links" ADD CONSTRAINT "twin_links_organisation_b_organisations_id_fk" FOREIGN KEY ("organisation_b") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_identifiers_organisation_idx" ON "organisation_identifiers" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisation_names_normalised_idx" ON "organisation_names" USING btree ("normalised");--> statement-breakpoint
CREATE INDEX "organisation_sources_organisation_idx" ON "organisation_sources" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisations_country_type_idx" ON "organisations" USING btree ("country","type");--> statement-breakpoint
CREATE INDEX "participations_organisation_idx" ON "participations" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_projects_source_uq" ON "partner_projects" USING btree ("family","source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_requests_source_uq" ON "partner_requests" USING btree ("dataset","source_key");--> statement-breakpoint
CREATE INDEX "partner_requests_call_idx" ON "partner_requests" USING btree ("call_identifier");--> statement-breakpoint
CREATE INDEX "project_concepts_concept_idx" ON "project_concepts" USING btree ("concept_id");--> statement-breakpoint
CREATE INDEX "twin_links_b_idx" ON "twin_links" USING btree ("organisation_b");