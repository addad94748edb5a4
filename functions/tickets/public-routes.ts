/**
 * The customer's routes (public audience): the intake form from a contract link or a device's QR
 * label, and the status page of one ticket. Customers have no account: the credential is the token of
 * `Authorization: Link <token>`, resolved here so that unknown, revoked and wrong-kind tokens all get the
 * same 404. This module has no SMS port at all: the number typed into the form can never be texted.
 */
import type { Context, Hono } from 'hono';
import { INTAKE_QUESTIONS, proposeFaultLevel } from '../../shared/tickets/levels.ts';
import {
  ConfirmBodySchema,
  IntakeBodySchema,
  type IntakeContext,
  type IntakeCreated,
  LANGUAGES,
  type StatusView,
} from '../../shared/tickets/schemas.ts';
import { type GuardDeps, secure } from '../auth/guard.ts';
import { clientIp, languageOf, readBody } from '../auth/http.ts';
import { createCustomerLink } from '../auth/links.ts';
import { hit, hourWindow } from '../auth/rate-limit.ts';
import { confirmationCodeForStatus } from '../field/confirmation.ts';
import { AppError } from '../lib/errors.ts';
import { newOpaqueToken, tokenHash } from '../lib/opaque-tokens.ts';
import type { Actor } from '../store/audit.ts';
import type { ContractItem, DeviceItem } from '../store/desk-entities.ts';
import type { CustomerLinkItem } from '../store/entities.ts';
import { devicesOfContract, getContract, getDevice, newId, sitesOfContract } from '../store/register.ts';
import {
  createReportedTicket,
  DuplicateIntakeError,
  findIntakeRequest,
  findIntakeScope,
  findStatusLink,
  getTicketWithTimeline,
  type IntakeScope,
  loadIntake,
  type Ticket,
} from '../store/tickets.ts';
import { isFiringEvent, levelRaises, voidFirings } from './firing-views.ts';
import { newReportedTicket } from './new-ticket.ts';
import { applyChange, type Loaded } from './service.ts';

export interface PublicLimits {
  perLinkPerHour: number;
  perIpPerHour: number;
}

export interface PublicDeps extends GuardDeps {
  limits: PublicLimits;
}

const NOT_FOUND = () => new AppError('not_found', 'no such link');

const DEVICE_REQUIRED = {
  'zh-CN': 'deviceId:请选择本合同的设备',
  en: 'deviceId: choose a device of this contract',
} as const;

/** The token of `Authorization: Link <token>`, or a 404 (never a hint about what was wrong). */
function linkToken(c: Context): string {
  const header = c.req.header('authorization')?.trim() ?? '';
  const [scheme, token, ...rest] = header.split(/\s+/);
  if (scheme?.toLowerCase() !== 'link' || token === undefined || rest.length > 0) throw NOT_FOUND();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw NOT_FOUND();
  return token;
}

async function intakeScope(c: Context): Promise<IntakeScope> {
  const scope = await findIntakeScope(linkToken(c));
  if (scope === undefined) throw NOT_FOUND();
  return scope;
}

async function withinLimits(deps: PublicDeps, scopeId: string, ip: string, now: Date): Promise<void> {
  const [link, address] = await Promise.all([
    hit(hourWindow(`public-link:${scopeId}`, now), deps.limits.perLinkPerHour),
    hit(hourWindow(`public-ip:${ip}`, now), deps.limits.perIpPerHour),
  ]);
  if (!link || !address) throw new AppError('rate_limited', 'public limit');
}

/**
 * What this container knows of a link or QR token (by its hash) from an earlier intake: the
 * contract and, for a QR label, the device. These never change for a token (read-only attributes),
 * so the next intake can fetch them in the same BatchGetItem as the link; whether the link is still
 * live is read every time, and so are the contract and the device themselves.
 */
const knownScopes = new Map<string, { contractId: string; deviceId: string | undefined }>();
const KNOWN_SCOPES_MAX = 10_000;

async function intakeReads(
  hash: string,
  bodyDeviceId: string | undefined,
): Promise<{
  scope: IntakeScope | undefined;
  contract: ContractItem | undefined;
  device: DeviceItem | undefined;
}> {
  const known = knownScopes.get(hash);
  const first = await loadIntake({
    tokenHash: hash,
    contractId: known?.contractId,
    deviceId: known?.deviceId ?? bodyDeviceId,
  });
  const { scope } = first;
  if (scope === undefined) return first;
  if (known === undefined) {
    if (knownScopes.size >= KNOWN_SCOPES_MAX) knownScopes.clear();
    knownScopes.set(hash, { contractId: scope.contractId, deviceId: scope.deviceId });
  }
  const deviceId = scope.deviceId ?? bodyDeviceId;
  const contractMissing = first.contract?.contractId !== scope.contractId;
  const deviceMissing = deviceId !== undefined && first.device?.deviceId !== deviceId;
  if (!contractMissing && !deviceMissing) return first;
  // A token this container had not seen: a second round trip for what the first could not name.
  const [contract, device] = await Promise.all([
    contractMissing ? getContract(scope.contractId) : first.contract,
    deviceMissing && deviceId !== undefined ? getDevice(deviceId) : first.device,
  ]);
  return { scope, contract, device };
}

/** The ticket of an intake record that a racing duplicate is still writing: asked a few times. */
async function settledIntake(scopeId: string, idempotencyKey: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const ticketId = await findIntakeRequest(scopeId, idempotencyKey);
    if (ticketId !== undefined) return ticketId;
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
  }
  return undefined;
}

function actorOf(scope: { scopeId: string }): Actor {
  return { kind: 'link', id: scope.scopeId };
}

/** A status link for a ticket: a customer link scoped to the ticket. */
function statusLinkItem(t: Ticket, now: Date): { token: string; link: CustomerLinkItem } {
  const token = newOpaqueToken();
  return {
    token,
    link: {
      tokenHash: tokenHash(token),
      linkId: newId(),
      companyId: t.companyId,
      contractId: t.contractId,
      ticketId: t.ticketId,
      createdAt: now.toISOString(),
      version: 1,
    },
  };
}

function created(t: Ticket, statusToken: string): IntakeCreated {
  return {
    number: t.number,
    proposedLevel: t.proposedLevel as 1 | 2 | 3,
    reportedAt: t.reportedAt,
    acceptedAt: t.acceptedAt,
    arrivalDueAt: t.arrivalDueAt ?? null,
    resolutionDueAt: t.resolutionDueAt ?? null,
    timeZone: t.timeZone,
    statusToken,
    statusPath: `/s/${statusToken}`,
  };
}

/**
 * The customer's view: no internal ids, no phones, no tiers. Of the timers' firings the customer sees
 * only the raises of the fault level (not the warnings and alerts to staff, nor the repeats at level 1,
 * nor a raise the SLA engine no longer counts).
 */
function statusView(
  { ticket: t, events }: Loaded,
  now: Date,
  confirmationCode: string | null = null,
): StatusView {
  const device = t.device as { category: string; model: string; serial?: string };
  const voids = voidFirings(t, events, now);
  const raises = levelRaises(events, voids);
  const shown = events.filter(
    (e, i) =>
      !isFiringEvent(e) || (e.type === 'escalated' && !voids.has(i) && raises.some((r) => r.at === e.at)),
  );
  return {
    number: t.number,
    state: t.state,
    paused: t.paused,
    level: t.level as 1 | 2 | 3,
    device: { category: device.category, model: device.model, serial: device.serial ?? null },
    description: t.description,
    reportedAt: t.reportedAt,
    acceptedAt: t.acceptedAt,
    arrivalDueAt: t.arrivalDueAt ?? null,
    resolutionDueAt: t.resolutionDueAt ?? null,
    timeZone: t.timeZone,
    engineerName: t.assignedEngineerName ?? null,
    canConfirm: t.state === 'resolved',
    confirmationCode,
    levelRaises: raises,
    timeline: shown.map((e) => {
      const level = (e.data as { faultLevel?: 1 | 2 | 3 } | undefined)?.faultLevel;
      const raise = e.type === 'escalated' ? raises.find((r) => r.at === e.at) : undefined;
      return {
        type: e.type,
        at: e.at,
        ...(level === undefined ? {} : { faultLevel: level }),
        ...(raise === undefined ? {} : { fromLevel: raise.fromLevel }),
        // Reasons of pauses and level changes tell the customer why; closing reasons stay internal.
        ...(e.reason === undefined || e.type === 'closed' ? {} : { reason: e.reason }),
      };
    }),
  };
}

export function mountPublicRoutes(app: Hono, deps: PublicDeps): void {
  secure(app, deps, 'GET', '/api/public/intake', { audience: 'public' }, async (c) => {
    const scope = await intakeScope(c);
    const [contract, devices, sites] = await Promise.all([
      getContract(scope.contractId),
      scope.deviceId === undefined
        ? devicesOfContract(scope.contractId)
        : getDevice(scope.deviceId).then((d) => (d === undefined ? [] : [d])),
      sitesOfContract(scope.contractId),
    ]);
    if (contract === undefined || contract.companyId !== scope.companyId) throw NOT_FOUND();
    const siteNames = new Map(sites.map((s) => [s.siteId, s.name]));
    const context: IntakeContext = {
      via: scope.via,
      customerName: contract.customerName,
      contractName: contract.name,
      serviceLevel: contract.serviceLevel,
      timeZone: contract.timeZone,
      languages: [...LANGUAGES],
      devices: devices
        .filter((d) => d.contractId === scope.contractId)
        .map((d) => ({
          deviceId: d.deviceId,
          category: d.category,
          model: d.model,
          serial: d.serial ?? null,
          siteName: siteNames.get(d.siteId) ?? null,
        })),
      fixedDeviceId: scope.deviceId ?? null,
      questions: INTAKE_QUESTIONS.map((q) => ({ id: q.id, proposes: q.proposes, text: { ...q.text } })),
    };
    return c.json(context);
  });

  secure(app, deps, 'POST', '/api/public/intake', { audience: 'public' }, async (c) => {
    const hash = tokenHash(linkToken(c));
    // The body is read before the store so that its device can be fetched with the link, but an
    // unknown link is still a 404 whatever the body (bad input is answered after the link).
    const body = await readBody(c, IntakeBodySchema).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const { scope, contract, device } = await intakeReads(hash, body.ok ? body.value.deviceId : undefined);
    if (scope === undefined) throw NOT_FOUND();
    if (!body.ok) throw body.error;
    if (contract === undefined || contract.companyId !== scope.companyId) throw NOT_FOUND();
    if (device === undefined || device.contractId !== scope.contractId) {
      throw new AppError('bad_request', DEVICE_REQUIRED[languageOf(c)], 'deviceId');
    }
    const input = body.value;
    const now = deps.clock();
    await withinLimits(deps, scope.scopeId, clientIp(c), now);

    const { ticket, event } = await newReportedTicket({
      contract,
      device,
      proposedLevel: proposeFaultLevel(input.answers),
      description: input.description,
      answers: input.answers,
      reporterName: input.contactName,
      reporterPhone: input.contactPhone,
      language: input.language ?? languageOf(c),
      now,
    });
    const reportedAt = event.at;
    const status = statusLinkItem(ticket, now);
    try {
      await createReportedTicket({
        ticket,
        event: {
          type: 'reported',
          at: reportedAt,
          actorKind: 'link',
          actorId: scope.scopeId,
          data: event.data,
        },
        scopeId: scope.scopeId,
        idempotencyKey: input.idempotencyKey,
        statusLink: status.link,
        actor: actorOf(scope),
        now,
      });
    } catch (error) {
      if (!(error instanceof DuplicateIntakeError)) throw error;
      // The same report was made before, or a racing duplicate won: answer its ticket.
      const first = error.ticketId ?? (await settledIntake(scope.scopeId, input.idempotencyKey));
      if (first === undefined) throw error;
      return repeat(c, first, scope, now);
    }
    return c.json(created(ticket, status.token), 201);
  });

  secure(app, deps, 'GET', '/api/public/status', { audience: 'public' }, async (c) => {
    const loaded = await statusTicket(c);
    const code = await confirmationCodeForStatus(loaded.ticket);
    return c.json(statusView(loaded, deps.clock(), code));
  });

  secure(app, deps, 'POST', '/api/public/status/confirm', { audience: 'public' }, async (c) => {
    const link = await findStatusLink(linkToken(c));
    if (link === undefined) throw NOT_FOUND();
    const body = await readBody(c, ConfirmBodySchema);
    const now = deps.clock();
    const scopeId = `link:${link.linkId}`;
    const [loaded] = await Promise.all([
      getTicketWithTimeline(link.ticketId),
      withinLimits(deps, scopeId, clientIp(c), now),
    ]);
    if (loaded === undefined) throw NOT_FOUND();
    const after = await applyChange(loaded, {
      command: 'confirm',
      event: {
        type: 'customerConfirmed',
        ...(body?.note === undefined || body.note === '' ? {} : { data: { note: body.note } }),
      },
      actor: { kind: 'link', id: scopeId },
      now,
    });
    return c.json(statusView(after, now));
  });
}

async function statusTicket(c: Context): Promise<Loaded> {
  const link = await findStatusLink(linkToken(c));
  if (link === undefined) throw NOT_FOUND();
  const loaded = await getTicketWithTimeline(link.ticketId);
  if (loaded === undefined || loaded.ticket.contractId !== link.contractId) throw NOT_FOUND();
  return loaded;
}

/** The same report again: the ticket it made, with a new status link (the first is stored only hashed). */
async function repeat(c: Context, ticketId: string, scope: IntakeScope, now: Date): Promise<Response> {
  const loaded = await getTicketWithTimeline(ticketId);
  if (loaded === undefined) throw new Error(`intake record points at a missing ticket ${ticketId}`);
  const { token } = await createCustomerLink(
    { companyId: loaded.ticket.companyId, contractId: loaded.ticket.contractId, ticketId },
    actorOf(scope),
    now,
  );
  return c.json(created(loaded.ticket, token), 200);
}
