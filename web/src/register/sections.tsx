/**
 * What the register's forms, sections and pages have in common: a form's fields with the one a refusal
 * named and its status line, its Save and Cancel; a section's list that opens a form to add or edit a
 * row; a page built on one read.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Checked } from './forms';
import { type Load, type Outcome, useChange } from './store';
import { TableHead } from './table';
import { failureMessage, Loaded, type Message, MessageLine, type RT } from './ui';

/**
 * A register form: its fields, the field a refusal named (`invalid`), its status line and the one change
 * it may have on its way. `labels` name the fields in a refusal; `notice` is the first status line. A
 * refusal stands until the next try, or, with `refusal: 'untilEdited'`, goes once its field changes (it
 * may no longer be wrong).
 */
export function useRegisterForm<F extends Record<keyof F, string>>(
  t: RT,
  initial: F | (() => F),
  {
    labels = {},
    notice = null,
    refusal = 'untilNextTry',
  }: { labels?: Record<string, string>; notice?: Message; refusal?: 'untilNextTry' | 'untilEdited' } = {},
) {
  const [form, setForm] = useState<F>(initial);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(notice);
  const { busy, run } = useChange();

  /** Names a field as wrong, in the field and in the status line. */
  const refuse = (field: string) => {
    setInvalid(field);
    setMessage({ tone: 'error', text: t('form.invalid', { field: labels[field] ?? field }) });
  };
  const set = (key: keyof F) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (refusal === 'untilEdited' && invalid === key) {
      setInvalid(null);
      setMessage(null);
    }
  };

  return {
    form,
    setForm,
    invalid,
    setInvalid,
    message,
    setMessage,
    busy,
    run,
    refuse,
    set,
    /** A text field's value, input and whether it is the one refused: `<TextField {...field('name')} />`. */
    field: (key: keyof F) => ({ value: form[key], onInput: set(key), invalid: invalid === key }),
    /** The form as it was given, without a refusal or a status line. */
    reset: (to: F) => {
      setForm(to);
      setInvalid(null);
      setMessage(null);
    },
    /**
     * The end of a row's save: saved, or refused as stale (a 409: someone changed the row first), closes
     * the form and reads the list again; any other failure stays in the open form.
     */
    settle: (outcome: Outcome<unknown>, onDone: Done) => {
      if (outcome.ok) onDone({ tone: 'ok', text: t('change.saved') }, true);
      else if (outcome.failure.kind === 'conflict') onDone(failureMessage(t, outcome.failure), true);
      else setMessage(failureMessage(t, outcome.failure));
    },
    /** The body of a valid form; for an invalid one, refuses the field named and gives null. */
    check: <B,>(checked: Checked<B>): B | null => {
      if (!checked.ok) {
        refuse(checked.field);
        return null;
      }
      setInvalid(null);
      return checked.body;
    },
  };
}

/** What a row's form tells its section: the status line to show, and whether the list is to be read again. */
export type Done = (message: Message, changed: boolean) => void;

/** A form's status line, then its submit button (Saving… while the change is on its way) and Cancel. */
export function SaveCancel({
  t,
  busy,
  message,
  messageTestId,
  saveTestId,
  saveLabel = t('common.save'),
  onCancel,
}: {
  t: RT;
  busy: boolean;
  message: Message;
  messageTestId: string;
  saveTestId: string;
  saveLabel?: string;
  onCancel: () => void;
}) {
  return (
    <>
      <MessageLine message={message} testId={messageTestId} />
      <div class="reg-actions">
        <button type="submit" class="button" disabled={busy} aria-busy={busy} data-testid={saveTestId}>
          {busy ? t('common.saving') : saveLabel}
        </button>
        <button type="button" class="button button--quiet" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </>
  );
}

/** What `useLoad` gives: the state of a read, and reading it again. */
interface Read<T> {
  load: Load<T>;
  reload: () => void;
}

/**
 * A page of the register built on one read: loading, not found, failed with a retry, or the page.
 * `before` stands above whatever is shown (a link back).
 */
export function LoadedPage<T>({
  pageTestId,
  testId,
  data,
  loadingText,
  failedText,
  notFoundText,
  before,
  children,
}: {
  pageTestId: string;
  testId: string;
  data: Read<T>;
  loadingText: string;
  failedText: string;
  notFoundText: string;
  before?: ComponentChildren;
  children: (data: T) => ComponentChildren;
}) {
  return (
    <div class="page desk-wide" data-testid={pageTestId}>
      {before}
      <Loaded
        load={data.load}
        loadingText={loadingText}
        failedText={failedText}
        notFoundText={notFoundText}
        retry={data.reload}
        testId={testId}
      >
        {children}
      </Loaded>
    </div>
  );
}

/** Which row a section's form edits: none (closed), a new one, or an existing one. */
export type Editing<T> = { kind: 'closed' } | { kind: 'new' } | { kind: 'edit'; item: T };

/**
 * The form a list opens (`Editing`, or another panel of the page's own) and the list's status line,
 * cleared when a form opens and set by the form when it is done.
 */
export function useEditing<T, Other extends { kind: string } = never>(reload: () => Promise<void>) {
  const [editing, setEditing] = useState<Editing<T> | Other>({ kind: 'closed' });
  const [message, setMessage] = useState<Message>(null);
  return {
    editing,
    message,
    setMessage,
    open: (next: Editing<T> | Other) => {
      setMessage(null);
      setEditing(next);
    },
    close: () => setEditing({ kind: 'closed' }),
    done: async (text: Message, changed: boolean) => {
      setEditing({ kind: 'closed' });
      setMessage(text);
      if (changed) await reload();
    },
  };
}

/** A contract's section: its title with an action beside it, what it is for, and its content. */
export function Section({
  name,
  title,
  lead,
  action,
  children,
}: {
  /** `sites`: the section is `section-sites`, its title `sites-title`. */
  name: string;
  title: string;
  lead?: string;
  action?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby={`${name}-title`} data-testid={`section-${name}`}>
      <div class="reg-section-head">
        <h2 id={`${name}-title`} class="section-title">
          {title}
        </h2>
        {action}
      </div>
      {lead !== undefined && <p class="field-hint">{lead}</p>}
      {children}
    </section>
  );
}

/** A row's Edit button, named for the row to a screen reader. */
export function EditCell({ t, name, onEdit }: { t: RT; name: string; onEdit: () => void }) {
  return (
    <td class="reg-row-actions">
      <button type="button" class="link-button" onClick={onEdit} aria-label={t('common.editNamed', { name })}>
        {t('common.edit')}
      </button>
    </td>
  );
}

/** A section's list: loading, failed with a retry, a line when it is empty, else a table of a row an item. */
export function ListTable<T>({
  t,
  data,
  testId,
  loadingText,
  failedText,
  emptyText,
  columns,
  order,
  children,
}: {
  t: RT;
  data: Read<T[]>;
  /** `sites`: the table is `sites-table`, the empty line `sites-empty`. */
  testId: string;
  loadingText: string;
  failedText: string;
  emptyText: string;
  /** The heads of the columns before the last, of the row's buttons. */
  columns: readonly string[];
  order?: (a: T, b: T) => number;
  children: (item: T) => JSX.Element;
}) {
  return (
    <Loaded
      load={data.load}
      loadingText={loadingText}
      failedText={failedText}
      retry={data.reload}
      testId={testId}
    >
      {(list) =>
        list.length === 0 ? (
          <p class="reg-empty" data-testid={`${testId}-empty`}>
            {emptyText}
          </p>
        ) : (
          <div class="board-scroll reg-flat">
            <table class="board reg-table" data-testid={`${testId}-table`}>
              <TableHead columns={columns} actions={t('common.actions')} />
              <tbody>{(order === undefined ? list : [...list].sort(order)).map(children)}</tbody>
            </table>
          </div>
        )
      }
    </Loaded>
  );
}
