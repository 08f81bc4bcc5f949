import type { NormalisedCall } from '../../scrapers/types.js';
import type { CallBudget, CallStatus, ChangeKind } from '../db/schema/index.js';

/** The stored side of a comparison: what a change can be recorded against. */
interface StoredCallState {
  title: string;
  descriptionText: string;
  openingAt: Date | null;
  deadlines: Date[];
  budget: CallBudget | null;
  status: CallStatus;
}

export interface DetectedChange {
  kind: ChangeKind;
  oldValue: unknown;
  newValue: unknown;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * What a coordinator would want to hear about, old → new. Tags, links and keyword edits
 * update the call silently: they do not make a call worth another look.
 */
export function detectChanges(
  stored: StoredCallState,
  incoming: NormalisedCall,
  incomingStatus: CallStatus,
): DetectedChange[] {
  const changes: DetectedChange[] = [];
  const oldDeadlines = stored.deadlines.map((date) => date.toISOString());
  const newDeadlines = incoming.deadlines.map((deadline) => deadline.deadlineAt.toISOString());
  if (oldDeadlines.join() !== newDeadlines.join()) {
    changes.push({ kind: 'deadline', oldValue: oldDeadlines, newValue: newDeadlines });
  }
  if (stored.status !== incomingStatus) {
    changes.push({ kind: 'status', oldValue: stored.status, newValue: incomingStatus });
  }
  if (!sameBudget(stored.budget, incoming.budget)) {
    changes.push({ kind: 'budget', oldValue: stored.budget, newValue: incoming.budget });
  }
  if (stored.title !== incoming.title) {
    changes.push({ kind: 'title', oldValue: stored.title, newValue: incoming.title });
  }
  if (stored.descriptionText !== incoming.descriptionText) {
    changes.push({
      kind: 'description',
      oldValue: stored.descriptionText,
      newValue: incoming.descriptionText,
    });
  }
  if (iso(stored.openingAt) !== iso(incoming.openingAt)) {
    changes.push({
      kind: 'opening',
      oldValue: iso(stored.openingAt),
      newValue: iso(incoming.openingAt),
    });
  }
  return changes;
}

function sameBudget(a: CallBudget | null, b: CallBudget | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.currency === b.currency &&
    a.total === b.total &&
    a.minPerGrant === b.minPerGrant &&
    a.maxPerGrant === b.maxPerGrant &&
    a.expectedGrants === b.expectedGrants
  );
}
