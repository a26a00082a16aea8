import type { PropsWithChildren } from '@kitajs/html';

/**
 * One row of a list of facts (`<dl class="facts">`): its label, then the value, given as `text`
 * (escaped) or as markup in the children.
 */
export function FactRow({
  label,
  text,
  children,
}: PropsWithChildren<{ label: JSX.Element; text?: string | number }>) {
  return (
    <div class="facts__row">
      <dt>{label}</dt>
      {text === undefined ? <dd>{children}</dd> : <dd safe>{text}</dd>}
    </div>
  );
}
