// The insights module's public surface: the editors' page of what is missing, and its CSV files.
export { insightsPages } from './insights.pages.tsx';
