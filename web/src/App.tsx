import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import { DeskNav } from './components/DeskNav';
import { Header } from './components/Header';
import { RouteLoadFailed } from './components/RouteLoadFailed';
import { StorageNotice } from './components/StorageNotice';
import { UpdatePrompt } from './components/UpdatePrompt';
import { I18nProvider, useI18n } from './i18n/I18nProvider';
import { Home } from './pages/Home';

/**
 * A page loaded on first visit to its route. preact-iso's lazy() never settles when the import fails, so a
 * failed import resolves to an error page instead of leaving the screen blank.
 */
function lazyRoute(load: () => Promise<{ default: ComponentType }>) {
  return lazy(() => load().catch(() => ({ default: RouteLoadFailed })));
}

// Each area of the product is its own lazy route: engineer (/field), desk (/desk), sign-in, and a
// customer's report form (contract link /r/:token, device QR label /q/:token) and status link (/s/:token).
const SignIn = lazyRoute(() => import('./pages/SignIn'));
const Desk = lazyRoute(() => import('./pages/Desk'));
const Field = lazyRoute(() => import('./pages/Field'));
const NotFound = lazyRoute(() => import('./pages/NotFound'));
const Intake = lazyRoute(() => import('./intake/IntakePage'));
const Status = lazyRoute(() => import('./intake/StatusPage'));
const Board = lazyRoute(() => import('./desk/BoardPage'));
const DeskTicket = lazyRoute(() => import('./desk/TicketPage'));
const Roster = lazyRoute(() => import('./roster/RosterPage'));
const Duty = lazyRoute(() => import('./duty/DutyPage'));
const Audit = lazyRoute(() => import('./audit/AuditPage'));
const Contracts = lazyRoute(() => import('./register/ContractsPage'));
const Contract = lazyRoute(() => import('./register/ContractPage'));
const ContractDevices = lazyRoute(() => import('./register/DevicesPage'));
const ContractLabels = lazyRoute(() => import('./register/LabelsPage'));
const DeviceHistory = lazyRoute(() => import('./register/DeviceHistoryPage'));
const Customer = lazyRoute(() => import('./register/CustomerPage'));

/**
 * Starts loading the code of the page at `path` before the first render, for the area opened cold many
 * times a day (the engineer's phone): its chunks download while the shell's modules are still evaluated.
 */
export function preloadRoute(path: string): void {
  if (path === '/field' || path.startsWith('/field/')) void Field.preload();
}

/**
 * Its children from the first paint on. The service worker's registration (UpdatePrompt) waits for it: the
 * first screen does not need it, and it made the first render's task longer.
 */
function AfterFirstPaint({ children }: { children: ComponentChildren }) {
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(true), []);
  return painted ? children : null;
}

function Shell() {
  return (
    <LocationProvider>
      <Layout />
    </LocationProvider>
  );
}

/** The page frame. Desk pages share one wider column (tables, the board) for header, sections and content. */
function Layout() {
  const { t } = useI18n();
  const { path } = useLocation();
  return (
    <div class={path === '/desk' || path.startsWith('/desk/') ? 'frame frame--wide' : 'frame'}>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <DeskNav />
      <main id="main" tabIndex={-1}>
        <StorageNotice />
        <Router>
          <Route path="/" component={Home} />
          <Route path="/signin" component={SignIn} />
          <Route path="/r/:token" component={Intake} />
          <Route path="/q/:token" component={Intake} />
          <Route path="/s/:token" component={Status} />
          <Route path="/desk/board" component={Board} />
          <Route path="/desk/tickets/:id" component={DeskTicket} />
          <Route path="/desk/staff" component={Roster} />
          <Route path="/desk/duty" component={Duty} />
          <Route path="/desk/audit" component={Audit} />
          <Route path="/desk/contracts" component={Contracts} />
          <Route path="/desk/contracts/:id" component={Contract} />
          <Route path="/desk/contracts/:id/devices" component={ContractDevices} />
          <Route path="/desk/contracts/:id/labels" component={ContractLabels} />
          <Route path="/desk/contracts/:id/devices/:deviceId" component={DeviceHistory} />
          <Route path="/desk/customers/:id" component={Customer} />
          <Route path="/desk/:rest*" component={Desk} />
          <Route path="/field/:rest*" component={Field} />
          <Route default component={NotFound} />
        </Router>
      </main>
      <AfterFirstPaint>
        <UpdatePrompt />
      </AfterFirstPaint>
    </div>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}
