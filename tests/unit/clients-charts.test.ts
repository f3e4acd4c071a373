// A client's delay charts from its items: only invoices paid or credited count.
import { describe, expect, it } from 'vitest';
import { delayHistogram, delayTimelineOption, settledInvoices } from '../../src/lib/charts/clients.ts';
import type { ClientItem } from '../../src/lib/contract/index.ts';

function item(over: Partial<ClientItem>): ClientItem {
  return {
    item_id: 1, entity_id: 'E', client_id: 'C', client_name: null, source: 'fec', import_id: 1, line_no: 2, account_num: '411', line_type: 'invoice',
    piece_ref: 'F', line_label: null, doc_date: '2024-01-01', entry_date: '2024-01-01', due_date: '2024-01-31', amount: 100, open_amount: 0,
    days_past_due: null, allocation_method: 'lettering', status: 'settled', settled_date: '2024-02-10', settled_by: 'payment', days_late: 10, is_disputed: false, ...over,
  };
}

const items = [
  item({ days_late: -3, amount: 50, settled_date: '2024-01-28' }),
  item({ days_late: 10, amount: 100, settled_date: '2024-02-10' }),
  item({ days_late: 12, amount: 200, settled_date: '2024-03-14' }),
  item({ days_late: 95, amount: 300, settled_date: '2024-05-05' }),
  item({ days_late: 150, settled_by: 'doubtful_transfer', settled_date: '2024-06-30' }), // a default, not a payment
  item({ amount: -100, line_type: 'payment', days_late: null, settled_date: null, settled_by: null }),
  item({ days_late: null, settled_date: null, settled_by: null, open_amount: 100, status: 'overdue' }),
];

describe('delay charts', () => {
  it('keeps the invoices settled by a payment or a credit note', () => {
    expect(settledInvoices(items).map((i) => i.days_late)).toEqual([-3, 10, 12, 95]);
  });

  it('bins days late, counting invoices and amounts', () => {
    expect(delayHistogram(items).filter((b) => b.count)).toEqual([
      { label: '≤ 0', count: 1, amount: 50 },
      { label: '1-10', count: 1, amount: 100 },
      { label: '11-20', count: 1, amount: 200 },
      { label: '> 90', count: 1, amount: 300 },
    ]);
  });

  it('draws each delay by settlement date with the running mean of the last five', () => {
    const option = delayTimelineOption(items, 'fr', { invoice: 'Facture', mean: 'Moyenne', days: 'jours' }) as { series: { data: [string, number][] }[] };
    expect(option.series[0].data).toEqual([['2024-01-28', -3], ['2024-02-10', 10], ['2024-03-14', 12], ['2024-05-05', 95]]);
    expect(option.series[1].data.map((d) => d[1])).toEqual([-3, 3.5, 6.3, 28.5]);
  });
});
