import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { departments, digestSubscriptions, serviceSecrets } from '../db/schema/index.js';
import type { DigestDeps } from './deps.js';

/** What a signed link lets its holder do; a token of one purpose never works for another. */
export type LinkPurpose = 'unsubscribe' | 'preferences';

/** The service_secrets row of the signing key: one for every process on the database. */
const SIGNING_KEY_NAME = 'digest-link-signing-key';
const DAY_MS = 86_400_000;

/** Who a valid token speaks for. */
export interface LinkRecipient {
  departmentId: string;
  email: string;
  purpose: LinkPurpose;
  expiresAt: Date;
}

/**
 * A link that cannot be honoured: `invalid` (not ours, altered, or made for another
 * purpose: the holder learns nothing about which) or `expired`.
 */
export class LinkRefused extends Error {
  override readonly name = 'LinkRefused';
  constructor(readonly reason: 'invalid' | 'expired') {
    super(reason === 'expired' ? 'the link has expired' : 'the link is not valid');
  }
}

/**
 * The key is immutable once made, so a process keeps it after the first read. Keyed by the
 * database handle: tests (and nothing else) open several databases in one process.
 */
const keyCache = new WeakMap<Database, Promise<Buffer>>();

async function readOrMakeKey(db: Database, clock: Clock): Promise<Buffer> {
  // Every process may race to make it: the first insert wins, the others read the winner's.
  await db
    .insert(serviceSecrets)
    .values({
      name: SIGNING_KEY_NAME,
      value: randomBytes(32).toString('base64url'),
      createdAt: clock.now(),
    })
    .onConflictDoNothing({ target: serviceSecrets.name });
  const [row] = await db
    .select({ value: serviceSecrets.value })
    .from(serviceSecrets)
    .where(eq(serviceSecrets.name, SIGNING_KEY_NAME));
  if (!row) throw new Error('the digest link signing key could not be stored');
  return Buffer.from(row.value, 'base64url');
}

/** The link-signing key, made (32 random bytes) on first use. */
export function linkSigningKey(db: Database, clock: Clock): Promise<Buffer> {
  let key = keyCache.get(db);
  if (!key) {
    key = readOrMakeKey(db, clock);
    // A failed read (the database was down) is not remembered: the next link tries again.
    key.catch(() => keyCache.delete(db));
    keyCache.set(db, key);
  }
  return key;
}

/**
 * 16 of HMAC-SHA256's 32 bytes: 128 bits is far beyond guessing (RFC 2104 §5 allows
 * truncation to half the hash), and it keeps a link short enough for every mail client
 * and for the router's parameter limit.
 */
function signature(key: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

/**
 * The recipient as a token names them: a keyed hash of the address, not the address, so a
 * link in a request log or a forwarded mail does not disclose it, and a guessed address
 * cannot be checked against a token without the key.
 */
function recipientHash(key: Buffer, email: string): Buffer {
  return createHmac('sha256', key).update(`recipient:${email}`).digest().subarray(0, 12);
}

/** The purpose's byte in a token's payload. */
const PURPOSE_BYTE: Record<LinkPurpose, number> = { unsubscribe: 1, preferences: 2 };
const PAYLOAD_BYTES = 1 + 16 + 12 + 4;

/**
 * `<payload>.<signature>`, both base64url. The payload is 33 bytes: the purpose, the
 * department's uuid, the recipient's hash and the expiry (epoch seconds, uint32), signed
 * whole, so no field can be changed or moved to another purpose without the key.
 */
export async function signRecipientToken(
  deps: { db: Database; clock: Clock },
  input: { departmentId: string; email: string; purpose: LinkPurpose; expiresAt: Date },
): Promise<string> {
  const key = await linkSigningKey(deps.db, deps.clock);
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(PURPOSE_BYTE[input.purpose], 0);
  Buffer.from(input.departmentId.replaceAll('-', ''), 'hex').copy(payload, 1);
  recipientHash(key, input.email).copy(payload, 17);
  payload.writeUInt32BE(Math.floor(input.expiresAt.getTime() / 1000), 29);
  return `${payload.toString('base64url')}.${signature(key, payload).toString('base64url')}`;
}

/** The uuid's canonical text from its 16 bytes. */
function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The address a hash stands for among the department's recipients and those with stored
 * preferences (a recipient who unsubscribed may since have been taken off the list and
 * still open the preferences link). Null: the department is gone or knows no such address.
 */
async function recipientOf(
  db: Database,
  key: Buffer,
  departmentId: string,
  hash: Buffer,
): Promise<string | null> {
  const [department] = await db
    .select({ recipients: departments.recipients })
    .from(departments)
    .where(eq(departments.id, departmentId));
  if (!department) return null;
  const subscribed = await db
    .select({ email: digestSubscriptions.email })
    .from(digestSubscriptions)
    .where(eq(digestSubscriptions.departmentId, departmentId));
  const known = [...department.recipients, ...subscribed.map((row) => row.email)];
  return known.find((email) => recipientHash(key, email).equals(hash)) ?? null;
}

/**
 * The recipient a token was signed for, if it is ours, unaltered, of `purpose`, unexpired,
 * and names a recipient the department still knows.
 */
export async function verifyRecipientToken(
  deps: { db: Database; clock: Clock },
  token: string,
  purpose: LinkPurpose,
): Promise<LinkRecipient> {
  const [encoded, signed, ...rest] = token.split('.');
  if (!encoded || !signed || rest.length > 0) throw new LinkRefused('invalid');
  const payload = Buffer.from(encoded, 'base64url');
  // base64url decoding skips stray characters: the token must be exactly what we made.
  if (payload.length !== PAYLOAD_BYTES || payload.toString('base64url') !== encoded) {
    throw new LinkRefused('invalid');
  }
  const key = await linkSigningKey(deps.db, deps.clock);
  const expected = signature(key, payload);
  const given = Buffer.from(signed, 'base64url');
  // Constant time: the comparison must not tell an attacker how much of a guess was right.
  if (
    given.length !== expected.length ||
    given.toString('base64url') !== signed ||
    !timingSafeEqual(given, expected)
  ) {
    throw new LinkRefused('invalid');
  }
  if (payload.readUInt8(0) !== PURPOSE_BYTE[purpose]) throw new LinkRefused('invalid');
  const departmentId = uuidOf(payload.subarray(1, 17));
  const hash = payload.subarray(17, 29);
  const expiresAt = new Date(payload.readUInt32BE(29) * 1000);
  if (expiresAt.getTime() <= deps.clock.now().getTime()) throw new LinkRefused('expired');
  const email = await recipientOf(deps.db, key, departmentId, hash);
  if (email === null) throw new LinkRefused('invalid');
  return { departmentId, email, purpose, expiresAt };
}

/** The bare address of MAIL_FROM ("callradar <digest@example.org>" → digest@example.org). */
function mailFromAddress(mailFrom: string): string {
  return /<([^<>]+)>/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
}

/**
 * The signed links a digest carries for one recipient of one department: one-click
 * unsubscribe (RFC 8058) and the preferences page. Tokens are HMAC-signed with a key the
 * service makes for itself (service_secrets), scoped to that recipient and department, and
 * expire after DIGEST_LINK_DAYS. The mailto is the List-Unsubscribe fallback for clients
 * without one-click: a message to MAIL_FROM whose subject carries the unsubscribe token.
 */
export async function recipientLinks(
  deps: Pick<DigestDeps, 'db' | 'clock' | 'publicBaseUrl' | 'config'>,
  input: { departmentId: string; email: string },
): Promise<{ unsubscribe: string; preferences: string; unsubscribeMailto: string }> {
  const expiresAt = new Date(deps.clock.now().getTime() + deps.config.linkValidityDays * DAY_MS);
  const token = (purpose: LinkPurpose) =>
    signRecipientToken(deps, { ...input, purpose, expiresAt });
  const [unsubscribeToken, preferencesToken] = await Promise.all([
    token('unsubscribe'),
    token('preferences'),
  ]);
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const subject = encodeURIComponent(`unsubscribe ${unsubscribeToken}`);
  return {
    unsubscribe: `${base}/v1/digests/unsubscribe/${unsubscribeToken}`,
    preferences: `${base}/v1/digests/preferences/${preferencesToken}`,
    unsubscribeMailto: `mailto:${mailFromAddress(deps.config.mailFrom)}?subject=${subject}`,
  };
}
