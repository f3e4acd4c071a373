// /api/risk/quality: the risk score's out-of-time backtest on the loaded ledger. (The scores
// themselves come with each client in /api/clients.)
import { routes } from '../../lib/contract/index.ts';
import { riskQuality } from '../reports/risk.ts';
import { spec, type App, type RouteOptions } from './route.ts';

export async function riskApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({ ...spec(routes.riskQuality), handler: (req) => riskQuality(opts.db, opts.settings(), { entity: req.query.entity || null }) });
}
