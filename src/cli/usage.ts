export const USAGE = `Usage: npm run cli -- <command>

Commands:
  tenants import <file> [--slug name]    create or update a tenant from a JSON/YAML profile,
                                         then match it against the open calls
  ingest <source-id>                     poll a source once, now (ft-portal: the EU Funding &
                                         Tenders Portal; \`sources list\` shows the others)
  ingest <source-id> --replay <folder>   ingest recorded pages (no network): a portal daily
                                         snapshot, or the kind's files (README, Sources)
      --as-of YYYY-MM-DD                 the day statuses are derived for
                                         (default: today, or the recording's date)
  sources add --kind <kind> --name <text> --base-url <url> [--settings <json> |
              --settings-file <file>] [--schedule "<cron>"] [--disabled] [--id <id>]
                                         add a source after a test fetch with its settings;
                                         kinds: interreg-algolia, ical, euro-access, rss,
                                         html-list (README, Sources)
  sources list                           every source: id, kind, health, last good poll
  partners import --format <format> <file>…
                                         stream partner datasets into the partner search;
                                         formats: cordis-organizations, cordis-projects,
                                         cordis-topics, interreg-se, keep-eu, erasmus-plus,
                                         rcn-grants, wikidata-twins (pairs, then names),
                                         sedia-person
  partners search <text> [--countries FI,EE] [--types municipality,region]
                  [--programmes interreg] [--from 2018] [--to 2024] [--limit 20]
                                         organisations that did projects on the subject,
                                         each with its best project
  keys create --role <role> [--tenant <slug>] [--name <text>]
                                         a new API key, printed once (only its hash is kept);
                                         roles: admin (no --tenant), coordinator, reader
  keys list                              every key: id, prefix, role, tenant, name, dates
  keys revoke <id>                       the key stops working (other API processes: within 10 s)
  digest preview --tenant <slug> --department <key> [--as-of YYYY-MM-DD] [--html]
                                         exactly what the department's digest would be now
                                         (or as of that day): the text part, or the HTML;
                                         the subject on stderr; --recipient <email> for one
  digest run --tenant <slug> [--as-of YYYY-MM-DD]
                                         plans the digests due now (or as of that day) and
                                         sends them from here (SMTP_URL, or DATA_DIR/outbox)
      --json                             print the answer as JSON

Uses DATABASE_URL when set, otherwise the embedded database under DATA_DIR (.data): through
the running service when \`npm start\` has it open, directly when nothing does.`;

/** A command line that cannot be run as written: exit 2, with the usage when it helps. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}
