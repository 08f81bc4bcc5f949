import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ErrorResponse, errorBody } from '../http/errors.js';
import type { DigestLanguage } from './content-types.js';
import { acceptFormBodies } from './form-bodies.js';
import { type LinkPurpose, LinkRefused, verifyRecipientToken } from './links.js';
import { PAGE_CSP } from './pages/layout.js';
import { languageFromAcceptLanguage } from './pages/page-text.js';
import {
  preferencesPage,
  problemPage,
  unsubscribeConfirmationPage,
  unsubscribedPage,
} from './pages/recipient-pages.js';
import { HtmlPage, OneClickBody, PreferencesBody, RecipientTokenParams } from './schemas.js';
import { type RecipientPreferences, readPreferences, savePreferences } from './subscriptions.js';

interface RecipientRouteDeps {
  db: Database;
  clock: Clock;
}

/** A page for one person: never cached (it shows their address), never indexed. */
function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(body);
}

/** A browser asks for HTML; a mail client's one-click POST or a script does not. */
function wantsPage(request: Pick<FastifyRequest, 'headers'>): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}

/**
 * A refusal: a page in the browser's language for a person who clicked, the API's error
 * shape for anyone else.
 */
function sendProblem(
  request: Pick<FastifyRequest, 'headers' | 'id'>,
  reply: FastifyReply,
  status: 400 | 404 | 410,
  problem: 'invalid' | 'expired' | 'bad-request',
  language: DigestLanguage = languageFromAcceptLanguage(request.headers['accept-language']),
): FastifyReply {
  if (wantsPage(request)) return sendPage(reply, status, problemPage(language, problem));
  const message =
    problem === 'expired'
      ? 'the link has expired; the latest digest carries a new one'
      : problem === 'invalid'
        ? 'the link is not valid'
        : 'the form could not be read';
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .send(errorBody(status, message, request.id));
}

/**
 * The recipient a link names, or the refusal that says why not: 404 for a link that is not
 * ours, altered, of another purpose, or whose department or recipient is gone; 410 once
 * expired (a newer digest carries a fresh one).
 */
async function recipientOrProblem(
  deps: RecipientRouteDeps,
  request: Pick<FastifyRequest, 'headers' | 'id'> & { params: { token: string } },
  reply: FastifyReply,
  purpose: LinkPurpose,
): Promise<RecipientPreferences | null> {
  try {
    const recipient = await verifyRecipientToken(deps, request.params.token, purpose);
    const preferences = await readPreferences(deps.db, recipient);
    if (preferences) return preferences;
    await sendProblem(request, reply, 404, 'invalid');
  } catch (error) {
    if (!(error instanceof LinkRefused)) throw error;
    await sendProblem(request, reply, error.reason === 'expired' ? 410 : 404, error.reason);
  }
  return null;
}

/** Refusals are a page for a browser (Accept: text/html), the error shape otherwise. */
const refusal = { content: { ...HtmlPage.content, 'application/json': { schema: ErrorResponse } } };
const refusals = { 404: refusal, 410: refusal };

/**
 * The pages a digest links to, with the signed token in the URL as the only credential:
 * one-click unsubscribe (RFC 8058) and the preferences page.
 */
export const recipientRoutes: FastifyPluginAsyncTypebox<RecipientRouteDeps> = async (app, deps) => {
  await acceptFormBodies(app);

  app.get(
    '/v1/digests/unsubscribe/:token',
    {
      config: { access: 'recipient-token' },
      schema: {
        tags: ['digests'],
        summary: 'Asks to confirm unsubscribing (a GET changes nothing: link scanners follow GETs)',
        params: RecipientTokenParams,
        response: { 200: HtmlPage, ...refusals },
      },
    },
    async (request, reply) => {
      const preferences = await recipientOrProblem(deps, request, reply, 'unsubscribe');
      if (preferences) return sendPage(reply, 200, unsubscribeConfirmationPage(preferences));
      return reply;
    },
  );

  app.post(
    '/v1/digests/unsubscribe/:token',
    {
      config: { access: 'recipient-token' },
      schema: {
        tags: ['digests'],
        summary: 'One-click unsubscribe (RFC 8058): body List-Unsubscribe=One-Click',
        description:
          "Sets the recipient's frequency for the department to off. Form-urlencoded or multipart, as a mail client sends it; repeating it changes nothing more.",
        params: RecipientTokenParams,
        body: OneClickBody,
        response: { 200: HtmlPage, ...refusals },
      },
    },
    async (request, reply) => {
      const preferences = await recipientOrProblem(deps, request, reply, 'unsubscribe');
      if (!preferences) return reply;
      await savePreferences(deps.db, deps.clock, {
        departmentId: preferences.department.id,
        email: preferences.email,
        frequency: 'off',
      });
      return sendPage(reply, 200, unsubscribedPage({ ...preferences, frequency: 'off' }));
    },
  );

  app.get(
    '/v1/digests/preferences/:token',
    {
      config: { access: 'recipient-token' },
      schema: {
        tags: ['digests'],
        summary: "A recipient's digest preferences: weekly, fortnightly or off, and the language",
        params: RecipientTokenParams,
        response: { 200: HtmlPage, ...refusals },
      },
    },
    async (request, reply) => {
      const preferences = await recipientOrProblem(deps, request, reply, 'preferences');
      if (preferences) return sendPage(reply, 200, preferencesPage(preferences, false));
      return reply;
    },
  );

  app.post(
    '/v1/digests/preferences/:token',
    {
      config: { access: 'recipient-token' },
      // A browser's form gets a page back, not the API's JSON error.
      attachValidation: true,
      schema: {
        tags: ['digests'],
        summary: "Saves a recipient's digest preferences (the preferences page's form)",
        params: RecipientTokenParams,
        body: PreferencesBody,
        response: { 200: HtmlPage, 400: refusal, ...refusals },
      },
    },
    async (request, reply) => {
      const preferences = await recipientOrProblem(deps, request, reply, 'preferences');
      if (!preferences) return reply;
      if (request.validationError) {
        return sendProblem(request, reply, 400, 'bad-request', preferences.effectiveLanguage);
      }
      const { frequency, language } = request.body;
      await savePreferences(deps.db, deps.clock, {
        departmentId: preferences.department.id,
        email: preferences.email,
        frequency,
        // The department's own language is stored as no choice: it follows the department.
        language:
          language === undefined
            ? undefined
            : language === preferences.department.language
              ? null
              : language,
      });
      const saved = await readPreferences(deps.db, {
        departmentId: preferences.department.id,
        email: preferences.email,
      });
      return sendPage(reply, 200, preferencesPage(saved ?? preferences, true));
    },
  );
};
