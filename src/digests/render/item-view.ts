import type { ChangedDigestItem, DigestItem } from '../content-types.js';
import { type DigestFormat, upcoming } from './format.js';
import { httpsUrl, plainText } from './safety.js';

/** A call as both parts show it: every line already worded, every link already checked. */
export interface ItemView {
  title: string;
  /** "Erasmus+ · ERASMUS-EDU-2026-PI-ALL-INNO" */
  meta: string;
  deadlineLabel: string;
  deadline: string;
  /** Within the closing-soon window: the HTML shows it in red. */
  urgent: boolean;
  budget: string | null;
  why: string;
  changes: string[];
  sourceUrl: string | null;
  apiUrl: string | null;
}

/** "Closing soon" is 14 days in the planner; the same window makes a deadline look urgent. */
const URGENT_DAYS = 14;

export function itemView(item: DigestItem | ChangedDigestItem, format: DigestFormat): ItemView {
  const { labels } = format.words;
  return {
    title: plainText(item.title),
    meta: [item.programme, item.identifier]
      .map((part) => (part ? plainText(part) : ''))
      .filter(Boolean)
      .join(' · '),
    deadlineLabel: upcoming(item).length > 1 ? labels.deadlines : labels.deadline,
    deadline: format.deadlines(item),
    urgent: item.daysLeft !== null && item.daysLeft >= 0 && item.daysLeft <= URGENT_DAYS,
    budget: format.budget(item.budget),
    why: plainText(item.why),
    changes: 'changes' in item ? item.changes.map((change) => format.change(change)) : [],
    sourceUrl: httpsUrl(item.sourceUrl),
    apiUrl: httpsUrl(item.apiUrl),
  };
}
