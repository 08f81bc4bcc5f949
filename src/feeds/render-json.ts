import type { FeedContent } from './content.js';
import type { FeedDocument } from './schemas.js';

/** The JSON feed: the same items as Atom and iCalendar, with every date as ISO 8601. */
export function renderJson(content: FeedContent): FeedDocument {
  return {
    tenant: { slug: content.tenant.slug, name: content.tenant.name },
    department: content.department,
    generatedAt: content.generatedAt.toISOString(),
    items: content.items.map(({ call, score, area, explanation }) => ({
      call: {
        id: call.id,
        identifier: call.identifier,
        title: call.title,
        programme: call.programme,
        status: call.status,
        nextDeadlineAt: call.nextDeadlineAt?.toISOString() ?? null,
        deadlines: call.deadlines.map((deadline) => ({
          stage: deadline.stage,
          deadlineAt: deadline.deadlineAt.toISOString(),
          localDate: deadline.localDate,
          timeZone: deadline.timeZone,
        })),
        sourceUrl: call.sourceUrl,
      },
      score,
      area,
      explanation: { text: explanation },
    })),
  };
}
