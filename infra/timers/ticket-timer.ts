/**
 * The ticket timer state machine, as one ASL file (ticket-timer.asl.json) read by both the CDK stack
 * and the local runtime. The file names its AWS resources as `${Name}` placeholders: in AWS,
 * CloudFormation fills them from `definitionSubstitutions`; locally, `renderTicketTimer` does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TICKET_TIMER_ASL_FILE = join(import.meta.dirname, 'ticket-timer.asl.json');

/** Every placeholder of the ASL file, and what it stands for. */
export interface TicketTimerSubstitutions {
  /** ARN (or, locally, any name) of the decide Lambda: functions/handlers/timer-decide.ts. */
  DecideFunctionArn: string;
}

export function readTicketTimerAsl(): string {
  return readFileSync(TICKET_TIMER_ASL_FILE, 'utf8');
}

/** The definition with its placeholders filled in, as CloudFormation would; unknown ones throw. */
export function renderTicketTimer(
  substitutions: TicketTimerSubstitutions,
  asl = readTicketTimerAsl(),
): string {
  const values: Record<string, string> = { ...substitutions };
  return asl.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`ticket-timer.asl.json: no value for the placeholder \${${name}}`);
    return value;
  });
}
