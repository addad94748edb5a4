/**
 * The life of a ticket as a table: each state lists the commands it allows and the state each one
 * leads to. Anything not in the table is an illegal move, raised as `IllegalTransitionError`, which the
 * API answers as 409 `conflict`.
 *
 * Pausing (the resolution clock waits for the customer) is orthogonal to the state: a paused ticket
 * keeps its state, and `pause` / `resume` are allowed only in the open states, and only when the ticket
 * is not / is paused. While paused, only `resume`, `triage`, `assign` and `close` are allowed.
 */
export const TICKET_STATES = [
  /** 报障 accepted, waiting for triage and an engineer. */
  'new',
  /** An engineer is assigned. */
  'assigned',
  /** 出发: the engineer is travelling. */
  'enRoute',
  /** 到场: the engineer checked in on site. */
  'onSite',
  /** 解决: service restored, waiting for the customer's confirmation. */
  'resolved',
  /** 确认: the customer confirmed the repair. */
  'confirmed',
  /** Done; off the board. */
  'closed',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const TICKET_COMMANDS = [
  'triage',
  'assign',
  'depart',
  'checkIn',
  'resolve',
  'confirm',
  'pause',
  'resume',
  'close',
] as const;
export type TicketCommand = (typeof TICKET_COMMANDS)[number];

/** States in which the ticket is on the desk's board and its clocks run. */
export const OPEN_STATES: ReadonlySet<TicketState> = new Set(['new', 'assigned', 'enRoute', 'onSite']);

const WORKING = { triage: 'same', pause: 'same', resume: 'same', close: 'closed' } as const;

/** (state, command) → next state; `same` keeps the state. */
export const TRANSITIONS: Readonly<
  Record<TicketState, Readonly<Partial<Record<TicketCommand, TicketState | 'same'>>>>
> = {
  new: { ...WORKING, assign: 'assigned' },
  assigned: { ...WORKING, assign: 'assigned', depart: 'enRoute', checkIn: 'onSite', resolve: 'resolved' },
  enRoute: { ...WORKING, assign: 'assigned', checkIn: 'onSite', resolve: 'resolved' },
  onSite: { ...WORKING, resolve: 'resolved' },
  resolved: { confirm: 'confirmed', close: 'closed' },
  confirmed: { close: 'closed' },
  closed: {},
};

/** Commands a paused ticket still takes. */
const WHILE_PAUSED: ReadonlySet<TicketCommand> = new Set(['resume', 'triage', 'assign', 'close']);

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
  constructor(
    readonly state: TicketState,
    readonly paused: boolean,
    readonly command: TicketCommand,
  ) {
    super(`a ${paused ? 'paused ' : ''}ticket in state ${state} does not take ${command}`);
  }
}

/** The state after `command`, or an `IllegalTransitionError`. */
export function nextState(
  current: { state: TicketState; paused: boolean },
  command: TicketCommand,
): { state: TicketState; paused: boolean } {
  const target = TRANSITIONS[current.state][command];
  const illegal =
    target === undefined ||
    (current.paused && !WHILE_PAUSED.has(command)) ||
    (command === 'pause' && current.paused) ||
    (command === 'resume' && !current.paused);
  if (illegal) throw new IllegalTransitionError(current.state, current.paused, command);
  const state = target === 'same' ? current.state : target;
  const paused =
    command === 'pause' ? true : command === 'resume' || state === 'closed' ? false : current.paused;
  return { state, paused };
}

export function isOpen(state: TicketState): boolean {
  return OPEN_STATES.has(state);
}
