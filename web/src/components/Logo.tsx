/** The Sitecall mark: a clock ring left open at the top, with a check inside. Same as favicon.svg. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <rect width="100" height="100" rx="22" fill="#0f3b82" />
      <g
        fill="none"
        stroke="#fff"
        stroke-width="7"
        stroke-linecap="round"
        stroke-linejoin="round"
        transform="translate(50 50) scale(1.12) translate(-50 -50)"
      >
        <path d="M75.39 32.22A31 31 0 1 1 58.02 20.06" />
        <path d="M36 51l10 10 19-20" />
      </g>
    </svg>
  );
}
