import { useEffect, useRef } from 'preact/hooks';
import type SignaturePad from 'signature_pad';

/**
 * A signature drawn with a finger, by signature_pad (loaded when the sheet opens). The canvas is drawn at
 * 1× so that the PNG stays far under the server's limit; `onChange` gets the PNG data URL, or null when
 * the pad is empty.
 */
export function SignatureField({
  label,
  clearLabel,
  onChange,
}: {
  label: string;
  clearLabel: string;
  onChange: (png: string | null) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    let cancelled = false;
    void import('signature_pad').then(({ default: Pad }) => {
      const element = canvas.current;
      if (cancelled || element === null) return;
      element.width = element.offsetWidth || 320;
      element.height = element.offsetHeight || 160;
      const instance = new Pad(element, { penColor: '#111', minWidth: 1, maxWidth: 2.5 });
      instance.addEventListener('endStroke', () =>
        latest.current(instance.isEmpty() ? null : instance.toDataURL('image/png')),
      );
      pad.current = instance;
    });
    return () => {
      cancelled = true;
      pad.current?.off();
    };
  }, []);

  return (
    <div class="field">
      <span id="signature-label">{label}</span>
      <canvas
        ref={canvas}
        class="signature"
        aria-labelledby="signature-label"
        role="img"
        data-testid="signature"
      />
      <button
        type="button"
        class="button button--quiet"
        onClick={() => {
          pad.current?.clear();
          latest.current(null);
        }}
      >
        {clearLabel}
      </button>
    </div>
  );
}
