import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and committed; `npm run db:generate` after a
// schema change, then review the SQL. They are never edited by hand.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
