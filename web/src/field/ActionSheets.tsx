import { useEffect, useId, useState } from 'preact/hooks';
import type { FieldAction } from '../../../shared/field/schemas.ts';
import { type FT, useFieldCatalogue } from './catalogue';
import { placeFlag } from './geo';
import { type Fix, locate } from './geolocate';
import { checkOutNeedsReason, type FieldActionKind, type TicketProjection } from './projection';
import { Sheet } from './Sheet';
import { SignatureField } from './Signature';

/** The server's limit for the signature's data URL (shared/field/schemas.ts SIGNATURE_MAX_CHARS). */
const SIGNATURE_MAX_CHARS = 48 * 1024;

interface SheetProps {
  view: TicketProjection;
  t: FT;
  onQueue: (action: FieldAction) => void;
  onClose: () => void;
}

/** The form of one ticket action, in a bottom sheet. */
export function ActionSheet({
  kind,
  view,
  onQueue,
  onClose,
}: {
  kind: FieldActionKind;
  view: TicketProjection;
  onQueue: (action: FieldAction) => void;
  onClose: () => void;
}) {
  const { t } = useFieldCatalogue();
  const props = { view, t, onQueue, onClose };
  switch (kind) {
    case 'checkIn':
      return <CheckInSheet {...props} />;
    case 'note':
      return <TextSheet {...props} kind="note" />;
    case 'part':
      return <PartSheet {...props} />;
    case 'standby':
      return <StandbySheet {...props} />;
    case 'resolve':
      return <TextSheet {...props} kind="resolve" />;
    case 'confirm':
      return <ConfirmSheet {...props} />;
    case 'checkOut':
      return <CheckOutSheet {...props} />;
    default:
      return null;
  }
}

function TextInput({
  label,
  value,
  onInput,
  multiline = false,
  required = true,
  testId,
  inputMode,
}: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  multiline?: boolean;
  required?: boolean;
  testId?: string;
  inputMode?: 'numeric' | 'text';
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea
          id={id}
          class="input field-textarea"
          value={value}
          required={required}
          maxLength={2000}
          onInput={(event) => onInput(event.currentTarget.value)}
          data-testid={testId}
        />
      ) : (
        <input
          id={id}
          class="input"
          value={value}
          required={required}
          maxLength={200}
          inputMode={inputMode}
          onInput={(event) => onInput(event.currentTarget.value)}
          data-testid={testId}
        />
      )}
    </div>
  );
}

function CheckInSheet({ view, t, onQueue, onClose }: SheetProps) {
  const { locale } = useFieldCatalogue();
  const [fix, setFix] = useState<Fix>({ status: 'locating' });
  const [startedAt] = useState(() => Date.now());
  useEffect(() => locate(setFix), []);
  const site = view.ticket.site;
  const place = placeFlag(site, fix.status === 'fix' ? fix.position : null);
  return (
    <Sheet
      title={t('checkIn.title')}
      submitLabel={t('checkIn.submit')}
      cancelLabel={t('action.cancel')}
      canSubmit={fix.status !== 'locating'}
      onClose={onClose}
      testId="sheet-checkIn"
      onSubmit={() =>
        onQueue({
          kind: 'checkIn',
          ticketId: view.ticket.id,
          position: fix.status === 'fix' ? fix.position : null,
          ...(fix.status === 'error' ? { positionError: fix.error } : {}),
        })
      }
    >
      <p>{t('checkIn.time', { time: new Date(startedAt).toLocaleString(locale, { hourCycle: 'h23' }) })}</p>
      <div role="status" data-testid="checkin-fix">
        {fix.status === 'locating' && <p>{t('checkIn.locating')}</p>}
        {fix.status === 'fix' && (
          <>
            <p>
              {t('checkIn.fix', {
                accuracy: fix.position.accuracyM,
                age: Math.max(0, Math.round((Date.now() - fix.takenAt) / 1000)),
              })}
            </p>
            {place.distanceM !== null && site !== null && (
              <p data-testid="checkin-distance">
                {t('checkIn.distance', { distance: place.distanceM, radius: site.radiusM })}
              </p>
            )}
            {place.flag === 'beyondRadius' && (
              <p class="notice notice--warn" data-testid="checkin-flag">
                {t('checkIn.beyond')}
              </p>
            )}
          </>
        )}
        {fix.status === 'error' && (
          <p class="notice notice--warn" data-testid="checkin-flag">
            {fix.error === 'denied' ? t('checkIn.denied') : t('checkIn.unavailable')}
          </p>
        )}
      </div>
    </Sheet>
  );
}

function TextSheet({ view, t, onQueue, onClose, kind }: SheetProps & { kind: 'note' | 'resolve' }) {
  const [text, setText] = useState('');
  const trimmed = text.trim();
  const isNote = kind === 'note';
  return (
    <Sheet
      title={isNote ? t('action.note') : t('action.confirmTitle.resolve')}
      submitLabel={isNote ? t('action.save') : t('action.resolve')}
      cancelLabel={t('action.cancel')}
      canSubmit={!isNote || trimmed !== ''}
      onClose={onClose}
      testId={`sheet-${kind}`}
      onSubmit={() =>
        onQueue(
          isNote
            ? { kind: 'note', ticketId: view.ticket.id, text: trimmed }
            : { kind: 'resolve', ticketId: view.ticket.id, ...(trimmed === '' ? {} : { note: trimmed }) },
        )
      }
    >
      {!isNote && <p>{t('action.confirmBody.resolve')}</p>}
      <TextInput
        label={isNote ? t('note.label') : t('resolve.note')}
        value={text}
        onInput={setText}
        multiline
        required={isNote}
        testId={`${kind}-text`}
      />
    </Sheet>
  );
}

function PartSheet({ view, t, onQueue, onClose }: SheetProps) {
  const [description, setDescription] = useState('');
  const [serialOut, setSerialOut] = useState('');
  const [serialIn, setSerialIn] = useState('');
  const filled = [description, serialOut, serialIn].every((value) => value.trim() !== '');
  return (
    <Sheet
      title={t('action.part')}
      submitLabel={t('action.save')}
      cancelLabel={t('action.cancel')}
      canSubmit={filled}
      onClose={onClose}
      testId="sheet-part"
      onSubmit={() =>
        onQueue({
          kind: 'part',
          ticketId: view.ticket.id,
          description: description.trim(),
          serialOut: serialOut.trim(),
          serialIn: serialIn.trim(),
        })
      }
    >
      <TextInput
        label={t('part.description')}
        value={description}
        onInput={setDescription}
        testId="part-description"
      />
      <TextInput
        label={t('part.serialOut')}
        value={serialOut}
        onInput={setSerialOut}
        testId="part-serial-out"
      />
      <TextInput label={t('part.serialIn')} value={serialIn} onInput={setSerialIn} testId="part-serial-in" />
    </Sheet>
  );
}

function StandbySheet({ view, t, onQueue, onClose }: SheetProps) {
  const [description, setDescription] = useState('');
  const [serial, setSerial] = useState('');
  return (
    <Sheet
      title={t('action.standby')}
      submitLabel={t('action.save')}
      cancelLabel={t('action.cancel')}
      canSubmit={description.trim() !== '' && serial.trim() !== ''}
      onClose={onClose}
      testId="sheet-standby"
      onSubmit={() =>
        onQueue({
          kind: 'standby',
          ticketId: view.ticket.id,
          description: description.trim(),
          serial: serial.trim(),
        })
      }
    >
      <TextInput label={t('standby.description')} value={description} onInput={setDescription} />
      <TextInput label={t('standby.serial')} value={serial} onInput={setSerial} />
    </Sheet>
  );
}

function ConfirmSheet({ view, t, onQueue, onClose }: SheetProps) {
  const [method, setMethod] = useState<'signature' | 'code'>('signature');
  const [signerName, setSignerName] = useState('');
  const [png, setPng] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const tooLarge = png !== null && png.length > SIGNATURE_MAX_CHARS;
  const ready =
    method === 'code' ? /^\d{6}$/.test(code) : signerName.trim() !== '' && png !== null && !tooLarge;
  return (
    <Sheet
      title={t('confirm.title')}
      submitLabel={t('confirm.submit')}
      cancelLabel={t('action.cancel')}
      canSubmit={ready}
      onClose={onClose}
      testId="sheet-confirm"
      onSubmit={() =>
        onQueue(
          method === 'code'
            ? { kind: 'confirm', ticketId: view.ticket.id, method: 'code', code }
            : {
                kind: 'confirm',
                ticketId: view.ticket.id,
                method: 'signature',
                signerName: signerName.trim(),
                signaturePng: png ?? '',
              },
        )
      }
    >
      <fieldset class="field-choice">
        <legend class="visually-hidden">{t('confirm.title')}</legend>
        {(['signature', 'code'] as const).map((each) => (
          <label key={each} class="choice">
            <input
              type="radio"
              name="confirm-method"
              checked={method === each}
              onChange={() => setMethod(each)}
              data-testid={`confirm-${each}`}
            />
            <span>{each === 'signature' ? t('confirm.bySignature') : t('confirm.byCode')}</span>
          </label>
        ))}
      </fieldset>
      {method === 'signature' ? (
        <>
          <TextInput
            label={t('confirm.signerName')}
            value={signerName}
            onInput={setSignerName}
            testId="signer-name"
          />
          <SignatureField label={t('confirm.signHere')} clearLabel={t('confirm.clear')} onChange={setPng} />
          {tooLarge && <p class="notice notice--warn">{t('confirm.signatureTooLarge')}</p>}
        </>
      ) : (
        <label class="field">
          <span>{t('confirm.code')}</span>
          <input
            class="input input--code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            value={code}
            onInput={(event) => setCode(event.currentTarget.value.replace(/\D/g, ''))}
            data-testid="confirm-code"
          />
        </label>
      )}
    </Sheet>
  );
}

function CheckOutSheet({ view, t, onQueue, onClose }: SheetProps) {
  const [reason, setReason] = useState('');
  const needsReason = checkOutNeedsReason(view);
  const trimmed = reason.trim();
  return (
    <Sheet
      title={t('action.confirmTitle.checkOut')}
      submitLabel={t('action.checkOut')}
      cancelLabel={t('action.cancel')}
      canSubmit={!needsReason || trimmed !== ''}
      danger={needsReason}
      onClose={onClose}
      testId="sheet-checkOut"
      onSubmit={() =>
        onQueue({ kind: 'checkOut', ticketId: view.ticket.id, ...(needsReason ? { reason: trimmed } : {}) })
      }
    >
      <p>{t('action.confirmBody.checkOut')}</p>
      {needsReason && (
        <>
          <p class="notice notice--warn">{t('checkOut.flagNote')}</p>
          <TextInput
            label={t('checkOut.reason')}
            value={reason}
            onInput={setReason}
            multiline
            testId="checkout-reason"
          />
        </>
      )}
    </Sheet>
  );
}
