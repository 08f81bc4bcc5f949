import type { Config } from '../config.js';
import type { DigestDeps } from './deps.js';
import { createMailer } from './mailer.js';

/** A process's digest settings from its configuration: the mailer, links and limits. */
export function digestSettings(
  config: Pick<Config, 'digests' | 'api'>,
): Pick<DigestDeps, 'mailer' | 'publicBaseUrl' | 'config'> {
  return {
    mailer: createMailer(config.digests),
    publicBaseUrl: config.api.publicBaseUrl,
    config: config.digests,
  };
}
