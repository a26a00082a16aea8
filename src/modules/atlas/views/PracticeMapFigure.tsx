import type { ViewContext } from '../../../core/http/view-context.ts';
import type { PracticeMap } from '../atlas.service.ts';

/** "1", "2–3", "4 or more": the counts each shade stands for. */
export function rangeLabels(ctx: ViewContext, breaks: number[]): string[] {
  return breaks.map((from, i) => {
    const next = breaks[i + 1];
    if (next === undefined)
      return i === 0 && from === 1 && breaks.length === 1
        ? String(ctx.number(from))
        : ctx.text('atlas.legend.from', { from: String(ctx.number(from)) });
    if (next - 1 === from) return String(ctx.number(from));
    return ctx.text('atlas.legend.range', {
      from: String(ctx.number(from)),
      to: String(ctx.number(next - 1)),
    });
  });
}

/**
 * A map of practices drawn on the server: each country with practices is shaded and links to its
 * list, with its count in the link's title; cities with practices are points. A table after it
 * holds the same figures, so nothing rests on colour or on seeing the map.
 */
export function PracticeMapFigure({
  ctx,
  map,
  id,
  title,
  pointScale = 1,
}: {
  ctx: ViewContext;
  map: PracticeMap;
  /** Prefix for the ids inside, unique on the page. */
  id: string;
  title: string;
  pointScale?: number;
}) {
  const counted = map.countries
    .filter((c) => c.count > 0 && c.shade >= 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, ctx.locale));
  const labels = rangeLabels(ctx, map.breaks);
  return (
    <figure class="atlas-map" id={id}>
      <svg
        viewBox={`0 0 ${map.width} ${map.height}`}
        class="atlas-map__svg"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`} safe>
          {title}
        </title>
        <desc id={`${id}-desc`}>{ctx.t('atlas.map.desc')}</desc>
        {map.countries.map((c) => {
          if (!c.d) return '';
          if (c.count === 0 || c.shade < 0)
            return <path d={c.d} class={c.shade < 0 ? 'atlas-x' : 'atlas-0'} />;
          return (
            <a href={ctx.href(`/countries/${c.code}`)} class={`atlas-${c.shade}`}>
              <title safe>{`${c.name}: ${ctx.text('practices.count', { count: c.count })}`}</title>
              <path d={c.d} />
            </a>
          );
        })}
        {map.cities.map((city) => (
          <circle
            cx={city.x}
            cy={city.y}
            r={Math.round((0.35 + 0.25 * Math.sqrt(city.count)) * pointScale * 100) / 100}
            class="atlas-city"
          >
            <title
              safe
            >{`${city.name}: ${ctx.text('practices.count', { count: city.count })}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <ul class="atlas-legend" aria-label={ctx.text('atlas.legend')}>
          {labels.map((label, i) => (
            <li>
              <span class={`atlas-swatch atlas-swatch--${i + 1}`} aria-hidden="true" />
              <span safe>{label}</span>
            </li>
          ))}
          {map.cities.length > 0 ? (
            <li>
              <span class="atlas-swatch atlas-swatch--city" aria-hidden="true" />
              {ctx.t('atlas.legend.city')}
            </li>
          ) : (
            ''
          )}
        </ul>
        <details class="atlas-data">
          <summary>{ctx.t('atlas.table.show')}</summary>
          <div class="table-scroll">
            <table class="data-table">
              <caption class="visually-hidden" safe>
                {title}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('countries.eyebrow')}</th>
                  <th scope="col">{ctx.t('atlas.table.practices')}</th>
                </tr>
              </thead>
              <tbody>
                {counted.map((c) => (
                  <tr>
                    <th scope="row">
                      <a href={ctx.href(`/countries/${c.code}`)} safe>
                        {c.name}
                      </a>
                    </th>
                    <td class="numeric">{ctx.number(c.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {map.cities.length > 0 ? (
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('atlas.table.city')}</th>
                    <th scope="col">{ctx.t('atlas.table.practices')}</th>
                  </tr>
                </thead>
                <tbody>
                  {map.cities.map((city) => (
                    <tr>
                      <th scope="row" safe>
                        {city.name}
                      </th>
                      <td class="numeric">{ctx.number(city.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              ''
            )}
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
