import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  organisationIdentifiers,
  organisationNames,
  organisationSources,
  organisations,
  participations,
} from '../db/schema/index.js';
import { NotFound } from '../errors.js';
import { normaliseName } from './names.js';

/**
 * Undoes a wrong merge: the dataset row becomes its own organisation again, as the row
 * states it (name, country, city, type), with the identifiers it brought and the
 * participations it stated. Recorded as 'detached by an admin', so a re-import keeps it
 * apart (the row is known by its key and stays where it is now).
 */
export async function detachSource(
  db: Database,
  source: { dataset: string; sourceKey: string },
): Promise<{ organisationId: string; from: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(organisationSources)
      .where(
        and(
          eq(organisationSources.dataset, source.dataset),
          eq(organisationSources.sourceKey, source.sourceKey),
        ),
      )
      .for('update');
    if (!row) throw new NotFound(`No ${source.dataset} row "${source.sourceKey}"`);
    const from = row.organisationId;
    const [created] = await tx
      .insert(organisations)
      .values({ name: row.name, country: row.country, city: row.city, type: row.type })
      .returning({ id: organisations.id });
    const organisationId = (created as { id: string }).id;
    await tx
      .update(organisationSources)
      .set({ organisationId, why: 'detached by an admin' })
      .where(
        and(
          eq(organisationSources.dataset, row.dataset),
          eq(organisationSources.sourceKey, row.sourceKey),
        ),
      );
    for (const identifier of row.identifiers)
      await tx
        .update(organisationIdentifiers)
        .set({ organisationId })
        .where(
          and(
            eq(organisationIdentifiers.scheme, identifier.scheme),
            eq(organisationIdentifiers.value, identifier.value),
            eq(organisationIdentifiers.organisationId, from),
          ),
        );
    await tx
      .insert(organisationNames)
      .values({ organisationId, name: row.name, normalised: normaliseName(row.name) })
      .onConflictDoNothing();
    await tx
      .update(participations)
      .set({ organisationId })
      .where(
        and(
          eq(participations.organisationId, from),
          eq(participations.sourceDataset, row.dataset),
          eq(participations.sourceKey, row.sourceKey),
        ),
      );
    // The name stays with the organisation it came from only if another of its rows says it.
    const others = await tx
      .select({ name: organisationSources.name })
      .from(organisationSources)
      .where(eq(organisationSources.organisationId, from));
    const stillNamed = new Set(others.map((other) => normaliseName(other.name)));
    if (!stillNamed.has(normaliseName(row.name)))
      await tx
        .delete(organisationNames)
        .where(
          and(
            eq(organisationNames.organisationId, from),
            inArray(organisationNames.normalised, [normaliseName(row.name)]),
          ),
        );
    return { organisationId, from };
  });
}
