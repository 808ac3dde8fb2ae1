import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL mirror's migrations (`npm run db:generate` makes both dialects'). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/mirror/postgres/tables.ts',
  out: './drizzle/postgres',
});
