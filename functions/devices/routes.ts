/**
 * The desk's device register: list, create, update, CSV import (all or nothing, with a report by
 * line) and export, and the QR label sheet (which issues each device a new QR token).
 */

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Context, Hono } from 'hono';
import { DESK_ROLES } from '../../shared/auth/roles.ts';
import { IdSchema } from '../../shared/auth/schemas.ts';
import { checkColumns, expandRegister, REGISTER_COLUMNS } from '../../shared/devices/register.ts';
import {
  type DeviceBody,
  DeviceBodySchema,
  DeviceUpdateBodySchema,
  type DeviceView,
  ImportQuerySchema,
  type ImportReport,
  LabelsBodySchema,
} from '../../shared/devices/schemas.ts';
import { type GuardDeps, principalOf, secure } from '../auth/guard.ts';
import { languageOf, readBody, readQuery } from '../auth/http.ts';
import { reachableOr404 } from '../auth/objects.ts';
import { reachableContract } from '../contracts/routes.ts';
import { AppError } from '../lib/errors.ts';
import type { DeviceItem } from '../store/desk-entities.ts';
import {
  createDevice,
  devicesOfContract,
  getDevice,
  getSite,
  importDevices,
  issueDeviceQr,
  newId,
  sitesOfContract,
  updateDevice,
} from '../store/register.ts';
import { idParam, staffActor } from '../tickets/desk-routes.ts';

const desk = { audience: 'staff', roles: DESK_ROLES } as const;

const MESSAGES = {
  site: { 'zh-CN': 'siteId:合同下没有这个地点', en: 'siteId: no such site on this contract' },
  csv: { 'zh-CN': 'body:不是有效的 CSV', en: 'body: not valid CSV' },
  empty: { 'zh-CN': 'body:没有设备行', en: 'body: no device rows' },
  period: { 'zh-CN': 'serviceEnd:服务期结束早于开始', en: 'serviceEnd: ends before it starts' },
  device: { 'zh-CN': 'deviceIds:合同下没有这个设备', en: 'deviceIds: no such device on this contract' },
} as const;

export const deviceView = (d: DeviceItem): DeviceView => ({
  deviceId: d.deviceId,
  contractId: d.contractId,
  siteId: d.siteId,
  category: d.category,
  model: d.model,
  serial: d.serial ?? null,
  serviceStart: d.serviceStart,
  serviceEnd: d.serviceEnd,
  notes: d.notes ?? null,
  hasQr: d.qrTokenHash !== undefined,
  version: d.version,
});

/** Whole months from a period's start to the day after its last day (the inverse of serviceEndOf). */
function monthsOf(start: string, end: string): number {
  const [y1, m1, d1] = start.split('-').map(Number) as [number, number, number];
  const after = new Date(`${end}T00:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  const [y2, m2, d2] = [after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate()];
  return Math.max(1, (y2 - y1) * 12 + (m2 - m1) - (d2 >= d1 ? 0 : 1));
}

/** What a device body sets: an empty serial or note is not stored. */
function deviceFields(body: DeviceBody) {
  return {
    siteId: body.siteId,
    category: body.category,
    model: body.model,
    ...(body.serial ? { serial: body.serial } : {}),
    serviceStart: body.serviceStart,
    serviceEnd: body.serviceEnd,
    ...(body.notes ? { notes: body.notes } : {}),
  };
}

async function checkSite(c: Context, contractId: string, siteId: string): Promise<void> {
  const found = await getSite(siteId);
  if (found === undefined || found.contractId !== contractId) {
    throw new AppError('bad_request', MESSAGES.site[languageOf(c)], 'siteId');
  }
}

export function mountDeviceRoutes(app: Hono, deps: GuardDeps): void {
  secure(app, deps, 'GET', '/api/desk/contracts/:contractId/devices', desk, async (c) => {
    const k = await reachableContract(c);
    const siteId = c.req.query('siteId');
    const site = siteId === undefined ? undefined : IdSchema.safeParse(siteId).data;
    if (siteId !== undefined && site === undefined)
      throw new AppError('bad_request', MESSAGES.site[languageOf(c)], 'siteId');
    return c.json({ devices: (await devicesOfContract(k.contractId, site)).map(deviceView) });
  });

  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/devices', desk, async (c) => {
    const k = await reachableContract(c);
    const body = await readBody(c, DeviceBodySchema);
    if (body.serviceEnd < body.serviceStart)
      throw new AppError('bad_request', MESSAGES.period[languageOf(c)], 'serviceEnd');
    await checkSite(c, k.contractId, body.siteId);
    const now = deps.clock();
    const at = now.toISOString();
    const item = await createDevice(
      {
        deviceId: newId(),
        companyId: k.companyId,
        contractId: k.contractId,
        ...deviceFields(body),
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      staffActor(principalOf(c)),
      now,
    );
    return c.json(deviceView(item), 201);
  });

  secure(app, deps, 'PUT', '/api/desk/devices/:deviceId', desk, async (c) => {
    const before = reachableOr404(principalOf(c), await getDevice(idParam(c, 'deviceId')), (d) => ({
      companyId: d.companyId,
      contractId: d.contractId,
    }));
    const body = await readBody(c, DeviceUpdateBodySchema);
    if (body.serviceEnd < body.serviceStart)
      throw new AppError('bad_request', MESSAGES.period[languageOf(c)], 'serviceEnd');
    if (body.expectedVersion !== before.version) throw new AppError('conflict', 'stale version');
    await checkSite(c, before.contractId, body.siteId);
    const now = deps.clock();
    const { serial: _s, notes: _n, ...rest } = before;
    const after = await updateDevice(
      before,
      {
        ...rest,
        ...deviceFields(body),
        updatedAt: now.toISOString(),
        version: before.version + 1,
      },
      staffActor(principalOf(c)),
      now,
    );
    return c.json(deviceView(after));
  });

  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/devices/import', desk, async (c) => {
    const k = await reachableContract(c);
    const lang = languageOf(c);
    const query = readQuery(c, ImportQuerySchema);
    const text = await c.req.text();
    let rows: string[][];
    try {
      rows = parse(text, {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: false,
        trim: true,
      }) as string[][];
    } catch {
      throw new AppError('bad_request', MESSAGES.csv[lang], 'body');
    }
    const [header, ...data] = rows;
    if (header === undefined || data.length === 0)
      throw new AppError('bad_request', MESSAGES.empty[lang], 'body');
    const columns = header.map((h) => h.trim().toLowerCase());
    const report = (errors: ImportReport['errors']) =>
      c.json({ imported: 0, errors, devices: [] } satisfies ImportReport, 400);
    const columnErrors = checkColumns(columns, lang);
    if (columnErrors.length > 0) return report(columnErrors);
    const records = data.map((cells, i) => ({
      // Empty lines are skipped by the parser, so the line is the record's index + 2 only without them;
      // the parser's own count is used instead when it is known.
      line: i + 2,
      record: Object.fromEntries(
        columns
          .filter((col) => (REGISTER_COLUMNS as readonly string[]).includes(col))
          .map((col) => [col, cells[columns.indexOf(col)] ?? '']),
      ),
    }));
    const sites = await sitesOfContract(k.contractId);
    const { devices, errors } = expandRegister(records, {
      sites: sites.map((s) => ({ siteId: s.siteId, name: s.name })),
      serviceStart: query.serviceStart ?? k.startsOn,
      lang,
    });
    if (errors.length > 0) return report(errors);
    const now = deps.clock();
    const at = now.toISOString();
    const items: DeviceItem[] = devices.map((d) => ({
      deviceId: newId(),
      companyId: k.companyId,
      contractId: k.contractId,
      siteId: d.siteId,
      category: d.category,
      model: d.model,
      ...(d.serial === undefined ? {} : { serial: d.serial }),
      serviceStart: d.serviceStart,
      serviceEnd: d.serviceEnd,
      ...(d.notes === undefined ? {} : { notes: d.notes }),
      createdAt: at,
      updatedAt: at,
      version: 1,
    }));
    await importDevices(items, staffActor(principalOf(c)), now);
    return c.json({
      imported: items.length,
      errors: [],
      devices: items.map(deviceView),
    } satisfies ImportReport);
  });

  secure(app, deps, 'GET', '/api/desk/contracts/:contractId/devices/export', desk, async (c) => {
    const k = await reachableContract(c);
    const [devices, sites] = await Promise.all([
      devicesOfContract(k.contractId),
      sitesOfContract(k.contractId),
    ]);
    const siteNames = new Map(sites.map((s) => [s.siteId, s.name]));
    const csv = stringify(
      devices.map((d) => ({
        category: d.category,
        model: d.model,
        quantity: '1',
        unit: '台',
        notes: d.notes ?? '',
        service_months: String(monthsOf(d.serviceStart, d.serviceEnd)),
        serial: d.serial ?? '',
        site: siteNames.get(d.siteId) ?? d.siteId,
      })),
      { header: true, columns: [...REGISTER_COLUMNS] },
    );
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="devices-${k.contractId}.csv"`);
    return c.body(csv);
  });

  secure(app, deps, 'POST', '/api/desk/contracts/:contractId/devices/labels', desk, async (c) => {
    const k = await reachableContract(c);
    const body = await readBody(c, LabelsBodySchema);
    const [all, sites] = await Promise.all([devicesOfContract(k.contractId), sitesOfContract(k.contractId)]);
    const byId = new Map(all.map((d) => [d.deviceId, d]));
    const wanted = body?.deviceIds === undefined ? all : body.deviceIds.map((id) => byId.get(id));
    if (wanted.some((d) => d === undefined))
      throw new AppError('bad_request', MESSAGES.device[languageOf(c)], 'deviceIds');
    const siteNames = new Map(sites.map((s) => [s.siteId, s.name]));
    const now = deps.clock();
    const actor = staffActor(principalOf(c));
    const labels = [];
    for (const d of wanted as DeviceItem[]) {
      const { token } = await issueDeviceQr(d, actor, now);
      labels.push({
        deviceId: d.deviceId,
        category: d.category,
        model: d.model,
        serial: d.serial ?? null,
        siteName: siteNames.get(d.siteId) ?? '',
        qrPath: `/q/${token}`,
      });
    }
    return c.json({ labels });
  });
}
