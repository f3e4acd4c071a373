// ECharts ships its locales as plain objects without type declarations: the French one has the
// shape of the locales registerLocale takes.
declare module 'echarts/lib/i18n/langFR.js' {
  const locale: Parameters<typeof import('echarts/core').registerLocale>[1];
  export default locale;
}
