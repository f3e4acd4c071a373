// The part of ECharts the app uses, registered once (a full import weighs 1.1 MB). Canvas
// rendering, so that charts can be saved as PNG. French month and day names come from ECharts'
// own French locale; each chart's screen-reader description is written by its builder
// (`aria`), in the page's language, rather than ECharts' generic English one.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import langFR from 'echarts/lib/i18n/langFR.js';
import type { Locale } from '../format.ts';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, TitleComponent, AriaComponent, CanvasRenderer]);
echarts.registerLocale('FR', langFR);

export { echarts };
export type ChartOption = EChartsCoreOption;

/** ECharts' locale for the page's language. */
export const chartLocale = (locale: Locale) => (locale === 'fr' ? 'FR' : 'EN');

/** A chart's description for screen readers: one or two sentences saying what it shows. */
export const aria = (description: string) => ({ enabled: true, label: { description } });
