import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal sheet at the bottom of the screen (native <dialog>: focus stays inside, Escape cancels) holding
 * one action's form. Its submit button is the second, deliberate tap that every irreversible action asks for.
 */
export function Sheet({
  title,
  children,
  submitLabel,
  cancelLabel,
  canSubmit = true,
  danger = false,
  onSubmit,
  onClose,
  testId,
}: {
  title: string;
  children?: ComponentChildren;
  submitLabel: string;
  cancelLabel: string;
  canSubmit?: boolean;
  danger?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="dialog sheet"
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid={testId}
    >
      <form
        class="sheet-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (canSubmit) onSubmit();
        }}
      >
        <h2 id={titleId} class="dialog-title">
          {title}
        </h2>
        {children}
        <div class="sheet-actions">
          <button type="button" class="button button--quiet" onClick={onClose}>
            {cancelLabel}
          </button>
          <button
            type="submit"
            class={danger ? 'button button--danger' : 'button'}
            aria-disabled={!canSubmit}
            data-testid="sheet-submit"
          >
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
