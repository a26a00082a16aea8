// The atlas module's public surface: its routes, the world map, region and theme charts for
// the explore and site pages, and the chart and map views that draw them.
export { atlasPages } from './atlas.pages.tsx';
export {
  type CoverageGap,
  type Datum,
  getCountryChart,
  getCoverageGaps,
  getRegionAtlas,
  getThemeChart,
  getWorldMap,
  type PracticeMap,
  type RegionAtlas,
} from './atlas.service.ts';
export { BarChart } from './views/BarChart.tsx';
export { PracticeMapFigure } from './views/PracticeMapFigure.tsx';
