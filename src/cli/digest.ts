import { printLine } from './output.js';
import { runCommand } from './run.js';
import { UsageError } from './usage.js';

/**
 * `digest preview`: the text part on stdout (or the HTML with --html, to save and open),
 * the subject on stderr; with --json one line {subject, html, text}.
 */
export async function digestPreviewCommand(options: {
  tenant: string | undefined;
  department: string | undefined;
  recipient: string | undefined;
  asOf: string | undefined;
  html: boolean;
  json: boolean;
}): Promise<number> {
  const { tenant, department } = options;
  if (tenant === undefined || department === undefined) {
    throw new UsageError('digest preview needs --tenant <slug> and --department <key>');
  }
  const rendered = await runCommand(
    'digest preview',
    {
      tenant,
      department,
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      ...(options.recipient === undefined ? {} : { recipient: options.recipient }),
    },
    () => {},
  );
  if (options.json) {
    printLine(JSON.stringify(rendered));
    return 0;
  }
  process.stderr.write(`subject: ${rendered.subject}\n`);
  process.stdout.write(options.html ? rendered.html : rendered.text);
  return 0;
}

/** `digest run`: what was planned and sent, as a line for people or JSON for scripts. */
export async function digestRunCommand(options: {
  tenant: string | undefined;
  asOf: string | undefined;
  json: boolean;
}): Promise<number> {
  if (options.tenant === undefined) throw new UsageError('digest run needs --tenant <slug>');
  const summary = await runCommand(
    'digest run',
    { tenant: options.tenant, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) },
    () => {},
  );
  if (options.json) {
    printLine(JSON.stringify(summary));
  } else {
    const { planned, sent, failed, temporary, sendsLeft } = summary;
    printLine(
      `${summary.tenant}: ${planned.runs} runs with ${planned.emails} emails planned · ${sent} sent, ${failed} failed, ${temporary} to retry${sendsLeft ? ` (${sendsLeft} runs left for the service)` : ''}`,
    );
  }
  // A digest that could not be delivered is worth a non-zero exit for a script.
  return summary.failed > 0 || summary.sendsLeft > 0 ? 1 : 0;
}
