/**
 * The desk's inspection routes: a contract's quarterly visits (create, list) and a device's history
 * (its submitted inspection forms and its fault tickets). Desk roles only, objects of their company.
 */
import type { Hono } from 'hono';
import { DESK_ROLES } from '../../shared/auth/roles.ts';
import {
  type AnswerValue,
  CreateVisitsBodySchema,
  type DeviceHistory,
  type SignatureList,
} from '../../shared/field/schemas.ts';
import { type GuardDeps, principalOf, secure } from '../auth/guard.ts';
import { readBody } from '../auth/http.ts';
import { reachableOr404 } from '../auth/objects.ts';
import { reachableContract } from '../contracts/routes.ts';
import { signaturesOfTicket } from '../store/field.ts';
import { getVisitWithForms, submittedFormsOfDevice, visitsOfContract } from '../store/inspections.ts';
import { devicesOfContract, getDevice, sitesOfContract } from '../store/register.ts';
import { getTicket, ticketsOfContract } from '../store/tickets.ts';
import { activeEngineer, idParam, staffActor } from '../tickets/desk-routes.ts';
import { ticketView } from '../tickets/service.ts';
import { createQuarterVisits, deskVisitView } from './inspections.ts';

const desk = { audience: 'staff', roles: DESK_ROLES } as const;

async function contractVisits(contractId: string) {
  const visits = await visitsOfContract(contractId);
  const full = await Promise.all(visits.map((v) => getVisitWithForms(v.visitId)));
  return full
    .filter((v): v is NonNullable<typeof v> => v !== undefined)
    .map((v) => deskVisitView(v.visit, v.forms));
}

export function mountInspectionDeskRoutes(app: Hono, deps: GuardDeps): void {
  secure(app, deps, 'GET', '/api/desk/contracts/:contractId/inspection-visits', desk, async (c) => {
    const contract = await reachableContract(c);
    return c.json({ visits: await contractVisits(contract.contractId) });
  });

  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/inspection-visits', desk, async (c) => {
    const principal = principalOf(c);
    const contract = await reachableContract(c);
    const body = await readBody(c, CreateVisitsBodySchema);
    const engineer = await activeEngineer(c, principal, body.engineerId);
    const [sites, devices] = await Promise.all([
      sitesOfContract(contract.contractId),
      devicesOfContract(contract.contractId),
    ]);
    const { created } = await createQuarterVisits({
      contract,
      sites,
      devices,
      quarter: body.quarter,
      dueDate: body.dueDate,
      engineerId: engineer.staffId,
      actor: staffActor(principal),
      now: deps.clock(),
    });
    const visits = (await contractVisits(contract.contractId)).filter((v) => v.quarter === body.quarter);
    return c.json({ visits }, created > 0 ? 201 : 200);
  });

  secure(app, deps, 'GET', '/api/desk/tickets/:ticketId/signatures', desk, async (c) => {
    const ticket = reachableOr404(principalOf(c), await getTicket(idParam(c, 'ticketId')), (t) => ({
      companyId: t.companyId,
      contractId: t.contractId,
    }));
    const list: SignatureList = {
      signatures: (await signaturesOfTicket(ticket.ticketId)).map((x) => ({
        signatureId: x.clientId,
        signerName: x.signerName,
        png: x.png,
        createdAt: x.createdAt,
      })),
    };
    return c.json(list);
  });

  secure(app, deps, 'GET', '/api/desk/devices/:deviceId/history', desk, async (c) => {
    const device = reachableOr404(principalOf(c), await getDevice(idParam(c, 'deviceId')), (d) => ({
      companyId: d.companyId,
      contractId: d.contractId,
    }));
    const [forms, tickets] = await Promise.all([
      submittedFormsOfDevice(device.deviceId),
      ticketsOfContract(device.contractId),
    ]);
    const history: DeviceHistory = {
      deviceId: device.deviceId,
      inspections: forms.map((f) => ({
        visitId: f.visitId,
        templateId: f.templateId,
        engineerId: f.engineerId,
        submittedAt: f.submittedAt ?? null,
        answers: f.answers as Record<string, AnswerValue>,
        failures: (f.failures ?? []) as DeviceHistory['inspections'][number]['failures'],
      })),
      tickets: tickets.filter((t) => t.deviceId === device.deviceId).map((t) => ticketView(t)),
    };
    return c.json(history);
  });
}
