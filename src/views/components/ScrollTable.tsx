import type { PropsWithChildren } from '@kitajs/html';

/**
 * A wide table that scrolls sideways on a narrow screen instead of widening the page. The region
 * is named and focusable so keyboard users can scroll it too.
 */
export function ScrollTable({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <section class="table-scroll" aria-label={label} tabindex="0">
      {children}
    </section>
  );
}
