import { desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { calls, organisations, partnerRequests } from '../db/schema/index.js';
import { NotFound } from '../errors.js';

export interface PartnerRequestView {
  title: string;
  text: string;
  callIdentifier: string | null;
  publishedAt: string | null;
  /** The announcement's own page: contact details are there, never here. */
  url: string | null;
  organisation: { name: string; country: string | null; city: string | null; type: string } | null;
}

/**
 * The partner-search announcements made for a call: those naming its topic identifier or
 * its call identifier, newest first. A sighting's id answers for its call.
 */
export async function partnerRequestsForCall(
  db: Database,
  callId: string,
): Promise<PartnerRequestView[]> {
  const [found] = await db
    .select({
      identifier: calls.identifier,
      callIdentifier: calls.callIdentifier,
      canonicalId: calls.canonicalId,
    })
    .from(calls)
    .where(eq(calls.id, callId));
  if (!found) throw new NotFound(`No call with id ${callId}`);
  const codes = [found.identifier, found.callIdentifier].filter(
    (code): code is string => typeof code === 'string' && code !== '',
  );
  const rows = await db
    .select({
      title: partnerRequests.title,
      text: partnerRequests.text,
      callIdentifier: partnerRequests.callIdentifier,
      publishedAt: partnerRequests.publishedAt,
      url: partnerRequests.url,
      organisationName: organisations.name,
      country: organisations.country,
      city: organisations.city,
      type: organisations.type,
    })
    .from(partnerRequests)
    .leftJoin(organisations, eq(organisations.id, partnerRequests.organisationId))
    .where(inArray(partnerRequests.callIdentifier, codes))
    .orderBy(desc(partnerRequests.publishedAt), partnerRequests.sourceKey);
  return rows.map((row) => ({
    title: row.title,
    text: row.text,
    callIdentifier: row.callIdentifier,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    url: row.url,
    organisation: row.organisationName
      ? {
          name: row.organisationName,
          country: row.country,
          city: row.city,
          type: row.type as string,
        }
      : null,
  }));
}
