// The part of ECharts the app uses, registered once (a full import weighs 1.1 MB). Canvas
// rendering, so that charts can be saved as PNG.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, TitleComponent, AriaComponent, CanvasRenderer]);

export { echarts };
export type ChartOption = EChartsCoreOption;
