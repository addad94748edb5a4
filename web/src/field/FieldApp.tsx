/**
 * The engineer area: `/field` (my tickets), `/field/tickets/:id`, `/field/inspections` and
 * `/field/inspections/:visitId/:deviceId`. Phone-first: the sync state on top, the two sections as a tab
 * bar at the bottom within the thumb's reach, each screen's main action at the bottom too.
 */
import './field.css';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { signInPath } from '../state/navigation';
import { useSession } from '../state/session';
import { useFieldCatalogue } from './catalogue';
import { InspectionForm } from './InspectionForm';
import { InspectionsList } from './InspectionsList';
import { SyncBar } from './SyncBar';
import { startField } from './store';
import { TicketDetail } from './TicketDetail';
import { TicketsList } from './TicketsList';

export default function FieldApp() {
  return (
    <FieldGate>
      <FieldShell />
    </FieldGate>
  );
}

/** Only for a signed-in engineer. Signed out (or the session ended), it sends the person to sign in and back. */
function FieldGate({ children }: { children: ComponentChildren }) {
  const { t } = useFieldCatalogue();
  const session = useSession();
  const { url, route } = useLocation();
  const sent = useRef(false);
  useEffect(() => {
    if (session.status !== 'signedOut' || sent.current) return;
    sent.current = true;
    route(signInPath(url), true);
  }, [session.status, url, route]);

  if (session.status !== 'signedIn') {
    return (
      <div class="page">
        <p class="lead" role="status">
          {session.status === 'loading' ? t('field.checking') : ''}
        </p>
      </div>
    );
  }
  if (!session.staff.roles.includes('engineer')) {
    return (
      <div class="page">
        <p class="notice notice--warn" data-testid="field-forbidden">
          {t('field.forbidden')}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}

function FieldShell() {
  const { t } = useFieldCatalogue();
  const { path } = useLocation();
  useEffect(() => startField(), []);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[1] === 'inspections' ? 'inspections' : 'tickets';

  let screen: ComponentChildren;
  if (parts[1] === 'tickets' && parts[2] !== undefined) screen = <TicketDetail ticketId={parts[2]} />;
  else if (parts[1] === 'inspections' && parts[2] !== undefined && parts[3] !== undefined)
    screen = <InspectionForm visitId={parts[2]} deviceId={parts[3]} />;
  else if (parts[1] === 'inspections') screen = <InspectionsList />;
  else screen = <TicketsList />;

  return (
    <div class="field-app" data-testid="field-app">
      <SyncBar />
      <div class="field-screen">{screen}</div>
      <nav class="field-tabs" aria-label={t('field.nav')}>
        <a href="/field" class="field-tab" aria-current={section === 'tickets' ? 'page' : undefined}>
          {t('field.nav.tickets')}
        </a>
        <a
          href="/field/inspections"
          class="field-tab"
          aria-current={section === 'inspections' ? 'page' : undefined}
        >
          {t('field.nav.inspections')}
        </a>
      </nav>
    </div>
  );
}
