import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A confirmation in a modal <dialog> (focus stays inside, Escape cancels), shown while `open`.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body: string;
  confirm: string;
  busyLabel: string;
  cancel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { open, onCancel } = props;

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={() => {
        if (open) onCancel();
      }}
      data-testid={props.testId}
    >
      <h2 id={titleId} class="dialog-title">
        {props.title}
      </h2>
      <p id={bodyId}>{props.body}</p>
      <div class="dialog-actions">
        <button type="button" class="button button--quiet" disabled={props.busy} onClick={onCancel}>
          {props.cancel}
        </button>
        <button
          type="button"
          class="button button--danger"
          aria-busy={props.busy}
          disabled={props.busy}
          onClick={props.onConfirm}
          data-testid={props.testId === undefined ? undefined : `${props.testId}-confirm`}
        >
          {props.busy ? props.busyLabel : props.confirm}
        </button>
      </div>
    </dialog>
  );
}
