import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
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

/**
 * The recipient a link names, or the page that says why not: 404 for a link that is not
 * ours, altered, of another purpose, or whose department or recipient is gone; 410 once
 * expired (a newer digest carries a fresh one).
 */
async function recipientOrProblem(
  deps: RecipientRouteDeps,
  request: Pick<FastifyRequest, 'headers'> & { params: { token: string } },
  reply: FastifyReply,
  purpose: LinkPurpose,
): Promise<RecipientPreferences | null> {
  const fallback = languageFromAcceptLanguage(request.headers['accept-language']);
  try {
    const recipient = await verifyRecipientToken(deps, request.params.token, purpose);
    const preferences = await readPreferences(deps.db, recipient);
    if (preferences) return preferences;
    await sendPage(reply, 404, problemPage(fallback, 'invalid'));
  } catch (error) {
    if (!(error instanceof LinkRefused)) throw error;
    const expired = error.reason === 'expired';
    await sendPage(reply, expired ? 410 : 404, problemPage(fallback, error.reason));
  }
  return null;
}

const refusals = { 404: HtmlPage, 410: HtmlPage };

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
        response: { 200: HtmlPage, 400: HtmlPage, ...refusals },
      },
    },
    async (request, reply) => {
      const preferences = await recipientOrProblem(deps, request, reply, 'preferences');
      if (!preferences) return reply;
      if (request.validationError) {
        return sendPage(reply, 400, problemPage(preferences.effectiveLanguage, 'bad-request'));
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
