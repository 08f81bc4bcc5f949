/** The CLI's answer on stdout (its logs go to stderr): a line for people, or JSON for scripts. */
export function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}
