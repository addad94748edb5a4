/**
 * The register's side of the desk API: customers, contracts (policy versions, escalation), sites,
 * contacts, intake links and the device register. The transports are passed in, so this module knows
 * nothing of sessions; answers are checked with the schemas the server writes them with.
 */
import {
  type ContactBody,
  ContactListSchema,
  type ContactUpdateBody,
  type ContactView,
  ContactViewSchema,
  type ContractBody,
  ContractListSchema,
  type ContractUpdateBody,
  type ContractView,
  ContractViewSchema,
  type CustomerBody,
  CustomerListSchema,
  type CustomerUpdateBody,
  type CustomerView,
  CustomerViewSchema,
  type EscalationBody,
  type IntakeLinkCreated,
  IntakeLinkCreatedSchema,
  IntakeLinkListSchema,
  type IntakeLinkView,
  type PolicyVersionBody,
  type SiteBody,
  SiteListSchema,
  type SiteUpdateBody,
  type SiteView,
  SiteViewSchema,
} from '../../../shared/contracts/schemas.ts';
import {
  type DeviceBody,
  DeviceListSchema,
  type DeviceUpdateBody,
  type DeviceView,
  DeviceViewSchema,
  type ImportReport,
  ImportReportSchema,
  type LabelSheet,
  LabelSheetSchema,
} from '../../../shared/devices/schemas.ts';
import {
  type CreateVisitsBody,
  type DeskVisit,
  DeskVisitListSchema,
  type DeviceHistory,
  DeviceHistorySchema,
} from '../../../shared/field/schemas.ts';
import { StaffListSchema } from '../../../shared/tickets/schemas.ts';
import type { SendOptions } from '../api/client';

export type AuthRequest = <T>(path: string, parse: (body: unknown) => T, options?: SendOptions) => Promise<T>;
export type AuthTextRequest = (path: string, options?: SendOptions) => Promise<string>;

export interface StaffChoice {
  staffId: string;
  name: string;
  roles: string[];
}

/** A member of the roster, active or not (a past visit names an engineer who may have left). */
export interface StaffMember extends StaffChoice {
  active: boolean;
}

export interface RegisterApi {
  customers(options?: SendOptions): Promise<CustomerView[]>;
  createCustomer(body: CustomerBody, options?: SendOptions): Promise<CustomerView>;
  customer(customerId: string, options?: SendOptions): Promise<CustomerView>;
  updateCustomer(customerId: string, body: CustomerUpdateBody, options?: SendOptions): Promise<CustomerView>;
  contracts(options?: SendOptions): Promise<ContractView[]>;
  contract(contractId: string, options?: SendOptions): Promise<ContractView>;
  createContract(body: ContractBody, options?: SendOptions): Promise<ContractView>;
  updateContract(contractId: string, body: ContractUpdateBody, options?: SendOptions): Promise<ContractView>;
  addPolicy(contractId: string, body: PolicyVersionBody, options?: SendOptions): Promise<ContractView>;
  setEscalation(contractId: string, body: EscalationBody, options?: SendOptions): Promise<ContractView>;
  sites(contractId: string, options?: SendOptions): Promise<SiteView[]>;
  createSite(contractId: string, body: SiteBody, options?: SendOptions): Promise<SiteView>;
  updateSite(siteId: string, body: SiteUpdateBody, options?: SendOptions): Promise<SiteView>;
  contacts(contractId: string, options?: SendOptions): Promise<ContactView[]>;
  createContact(contractId: string, body: ContactBody, options?: SendOptions): Promise<ContactView>;
  updateContact(contactId: string, body: ContactUpdateBody, options?: SendOptions): Promise<ContactView>;
  links(contractId: string, options?: SendOptions): Promise<IntakeLinkView[]>;
  createLink(contractId: string, options?: SendOptions): Promise<IntakeLinkCreated>;
  revokeLink(contractId: string, linkId: string, options?: SendOptions): Promise<void>;
  staff(options?: SendOptions): Promise<StaffChoice[]>;
  roster(options?: SendOptions): Promise<StaffMember[]>;
  visits(contractId: string, options?: SendOptions): Promise<DeskVisit[]>;
  /** The quarter's visits after the round (those made now and those already there). */
  createVisits(contractId: string, body: CreateVisitsBody, options?: SendOptions): Promise<DeskVisit[]>;
  deviceHistory(deviceId: string, options?: SendOptions): Promise<DeviceHistory>;
  devices(contractId: string, options?: SendOptions): Promise<DeviceView[]>;
  createDevice(contractId: string, body: DeviceBody, options?: SendOptions): Promise<DeviceView>;
  updateDevice(deviceId: string, body: DeviceUpdateBody, options?: SendOptions): Promise<DeviceView>;
  /** 200 with the report; a 400 with a report throws an ApiError whose body is that report. */
  importDevices(contractId: string, csv: string, options?: SendOptions): Promise<ImportReport>;
  exportDevices(contractId: string, options?: SendOptions): Promise<string>;
  issueLabels(
    contractId: string,
    deviceIds: string[] | undefined,
    options?: SendOptions,
  ): Promise<LabelSheet>;
}

const id = encodeURIComponent;

export function registerApi(request: AuthRequest, requestText: AuthTextRequest): RegisterApi {
  const post = <T>(path: string, parse: (body: unknown) => T, body: unknown, options?: SendOptions) =>
    request(path, parse, { ...options, method: 'POST', body });
  const put = <T>(path: string, parse: (body: unknown) => T, body: unknown, options?: SendOptions) =>
    request(path, parse, { ...options, method: 'PUT', body });
  const contractView = (body: unknown) => ContractViewSchema.parse(body);
  const siteView = (body: unknown) => SiteViewSchema.parse(body);
  const contactView = (body: unknown) => ContactViewSchema.parse(body);
  const deviceView = (body: unknown) => DeviceViewSchema.parse(body);
  const of = (contractId: string, rest = '') => `/desk/contracts/${id(contractId)}${rest}`;

  return {
    customers: async (options) =>
      (await request('/desk/customers', (b) => CustomerListSchema.parse(b), options)).customers,
    createCustomer: (body, options) =>
      post('/desk/customers', (b) => CustomerViewSchema.parse(b), body, options),
    customer: (customerId, options) =>
      request(`/desk/customers/${id(customerId)}`, (b) => CustomerViewSchema.parse(b), options),
    updateCustomer: (customerId, body, options) =>
      put(`/desk/customers/${id(customerId)}`, (b) => CustomerViewSchema.parse(b), body, options),
    contracts: async (options) =>
      (await request('/desk/contracts', (b) => ContractListSchema.parse(b), options)).contracts,
    contract: (contractId, options) => request(of(contractId), contractView, options),
    createContract: (body, options) => post('/desk/contracts', contractView, body, options),
    updateContract: (contractId, body, options) => put(of(contractId), contractView, body, options),
    addPolicy: (contractId, body, options) => post(of(contractId, '/policies'), contractView, body, options),
    setEscalation: (contractId, body, options) =>
      put(of(contractId, '/escalation'), contractView, body, options),
    sites: async (contractId, options) =>
      (await request(of(contractId, '/sites'), (b) => SiteListSchema.parse(b), options)).sites,
    createSite: (contractId, body, options) => post(of(contractId, '/sites'), siteView, body, options),
    updateSite: (siteId, body, options) => put(`/desk/sites/${id(siteId)}`, siteView, body, options),
    contacts: async (contractId, options) =>
      (await request(of(contractId, '/contacts'), (b) => ContactListSchema.parse(b), options)).contacts,
    createContact: (contractId, body, options) =>
      post(of(contractId, '/contacts'), contactView, body, options),
    updateContact: (contactId, body, options) =>
      put(`/desk/contacts/${id(contactId)}`, contactView, body, options),
    links: async (contractId, options) =>
      (await request(of(contractId, '/links'), (b) => IntakeLinkListSchema.parse(b), options)).links,
    createLink: (contractId, options) =>
      request(of(contractId, '/links'), (b) => IntakeLinkCreatedSchema.parse(b), {
        ...options,
        method: 'POST',
      }),
    revokeLink: async (contractId, linkId, options) => {
      // 204: no JSON to read, so the answer is taken as text and dropped.
      await requestText(of(contractId, `/links/${id(linkId)}/revoke`), { ...options, method: 'POST' });
    },
    staff: async (options) =>
      (await request('/desk/staff', (b) => StaffListSchema.parse(b), options)).staff
        .filter((s) => s.active)
        .map(({ staffId, name, roles }) => ({ staffId, name, roles })),
    roster: async (options) =>
      (await request('/desk/staff', (b) => StaffListSchema.parse(b), options)).staff.map(
        ({ staffId, name, roles, active }) => ({ staffId, name, roles, active }),
      ),
    visits: async (contractId, options) =>
      (await request(of(contractId, '/inspection-visits'), (b) => DeskVisitListSchema.parse(b), options))
        .visits,
    createVisits: async (contractId, body, options) =>
      (await post(of(contractId, '/inspection-visits'), (b) => DeskVisitListSchema.parse(b), body, options))
        .visits,
    deviceHistory: (deviceId, options) =>
      request(`/desk/devices/${id(deviceId)}/history`, (b) => DeviceHistorySchema.parse(b), options),
    devices: async (contractId, options) =>
      (await request(of(contractId, '/devices'), (b) => DeviceListSchema.parse(b), options)).devices,
    createDevice: (contractId, body, options) => post(of(contractId, '/devices'), deviceView, body, options),
    updateDevice: (deviceId, body, options) =>
      put(`/desk/devices/${id(deviceId)}`, deviceView, body, options),
    importDevices: (contractId, csv, options) =>
      request(of(contractId, '/devices/import'), (b) => ImportReportSchema.parse(b), {
        ...options,
        method: 'POST',
        text: { content: csv, contentType: 'text/csv; charset=utf-8' },
      }),
    exportDevices: (contractId, options) => requestText(of(contractId, '/devices/export'), options),
    issueLabels: (contractId, deviceIds, options) =>
      post(
        of(contractId, '/devices/labels'),
        (b) => LabelSheetSchema.parse(b),
        deviceIds === undefined ? {} : { deviceIds },
        options,
      ),
  };
}
