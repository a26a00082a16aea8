import type { ViewContext } from '../../core/http/view-context.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';

// Each level has a distinct shape as well as a colour and a word, so colour is never alone.
const ICONS: Record<string, string> = {
  effective: 'M3 8.5l3 3 7-7',
  promising: 'M8 2l1.8 4 4.2.4-3.2 2.8 1 4.3L8 11.3 4.2 13.5l1-4.3L2 6.4l4.2-.4z',
  emerging: 'M8 13V3M4 7l4-4 4 4',
  'not-evaluated': 'M3 8h10',
};

export function EvidenceBadge({
  ctx,
  level,
  link = true,
}: {
  ctx: ViewContext;
  level: string;
  link?: boolean;
}) {
  const label = ctx.t(`evidence.${level}.label` as MessageKey);
  const body = (
    <>
      <svg
        class="badge__icon"
        viewBox="0 0 16 16"
        width="16"
        height="16"
        aria-hidden="true"
        focusable="false"
      >
        <path d={ICONS[level] ?? ICONS['not-evaluated']} />
      </svg>
      <span>{label}</span>
    </>
  );
  const className = `badge badge--evidence badge--${level}`;
  return link ? (
    <a
      class={className}
      href={ctx.href(`/evidence#${level}`)}
      title={ctx.text('evidence.badge.title')}
    >
      {body}
    </a>
  ) : (
    <span class={className}>{body}</span>
  );
}
