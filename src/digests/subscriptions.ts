import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import {
  type DigestFrequency,
  departments,
  digestSubscriptions,
  tenants,
} from '../db/schema/index.js';
import type { DigestLanguage } from './content-types.js';

export const digestLanguages: readonly DigestLanguage[] = ['sv', 'nb', 'en'];

export function isDigestLanguage(value: unknown): value is DigestLanguage {
  return (digestLanguages as readonly unknown[]).includes(value);
}

/** One recipient's choices for one department's digest, with what the pages show beside them. */
export interface RecipientPreferences {
  tenantName: string;
  department: { id: string; key: string; name: string; language: DigestLanguage };
  email: string;
  frequency: DigestFrequency;
  /** The recipient's own choice; null: the department's language. */
  language: DigestLanguage | null;
  /** What the digest (and these pages) are written in. */
  effectiveLanguage: DigestLanguage;
}

/** Null when the department no longer exists. No stored row: weekly, the department's language. */
export async function readPreferences(
  db: Database,
  recipient: { departmentId: string; email: string },
): Promise<RecipientPreferences | null> {
  const [row] = await db
    .select({
      tenantName: tenants.name,
      id: departments.id,
      key: departments.key,
      name: departments.name,
      departmentLanguage: departments.language,
      frequency: digestSubscriptions.frequency,
      language: digestSubscriptions.language,
    })
    .from(departments)
    .innerJoin(tenants, eq(tenants.id, departments.tenantId))
    .leftJoin(
      digestSubscriptions,
      and(
        eq(digestSubscriptions.departmentId, departments.id),
        eq(digestSubscriptions.email, recipient.email),
      ),
    )
    .where(eq(departments.id, recipient.departmentId));
  if (!row) return null;
  // A profile may name a language no template exists for; the digest falls back to English.
  const departmentLanguage = isDigestLanguage(row.departmentLanguage)
    ? row.departmentLanguage
    : 'en';
  const language = isDigestLanguage(row.language) ? row.language : null;
  return {
    tenantName: row.tenantName,
    department: { id: row.id, key: row.key, name: row.name, language: departmentLanguage },
    email: recipient.email,
    frequency: row.frequency ?? 'weekly',
    language,
    effectiveLanguage: language ?? departmentLanguage,
  };
}

/**
 * Stores a recipient's choices (an upsert on department and address: saving twice, or a
 * mail client's one-click POST repeated, changes nothing more). Only the fields given change.
 */
export async function savePreferences(
  db: Database,
  clock: Clock,
  input: {
    departmentId: string;
    email: string;
    frequency: DigestFrequency;
    language?: DigestLanguage | null;
  },
): Promise<void> {
  const updatedAt = clock.now();
  const set: Partial<typeof digestSubscriptions.$inferInsert> = {
    frequency: input.frequency,
    updatedAt,
  };
  if (input.language !== undefined) set.language = input.language;
  await db
    .insert(digestSubscriptions)
    .values({
      departmentId: input.departmentId,
      email: input.email,
      frequency: input.frequency,
      language: input.language ?? null,
      updatedAt,
    })
    .onConflictDoUpdate({
      target: [digestSubscriptions.departmentId, digestSubscriptions.email],
      set,
    });
}
