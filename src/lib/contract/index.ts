// The API contract, one module per figure: every route's input and answers as schemas that are
// also the static types. The server registers its routes from `routes`; the typed client
// (client.ts), the CLI and the tests read the same table.
import { agingRoutes } from './aging.ts';
import { authRoutes } from './auth.ts';
import { clientRoutes } from './clients.ts';
import { collectionRoutes } from './collections.ts';
import { creditRoutes } from './credit.ts';
import { dsoRoutes } from './dso.ts';
import { expectedLossRoutes } from './expected-loss.ts';
import { forecastRoutes } from './forecast.ts';
import { importRoutes } from './imports.ts';
import { leversRoutes } from './levers.ts';
import { provisionRoutes } from './provisions.ts';
import { reminderRoutes } from './reminders.ts';
import { riskRoutes } from './risk.ts';
import { statusRoutes } from './status.ts';

export const routes = { ...statusRoutes, ...authRoutes, ...importRoutes, ...agingRoutes, ...dsoRoutes, ...clientRoutes, ...riskRoutes, ...forecastRoutes, ...collectionRoutes, ...reminderRoutes, ...provisionRoutes, ...expectedLossRoutes, ...leversRoutes, ...creditRoutes };
export type Routes = typeof routes;
export type RouteName = keyof Routes;

export type * from './aging.ts';
export type * from './auth.ts';
export type * from './clients.ts';
export type * from './collections.ts';
export type * from './credit.ts';
export type * from './dso.ts';
export type * from './expected-loss.ts';
export type * from './forecast.ts';
export type * from './imports.ts';
export type * from './levers.ts';
export type * from './provisions.ts';
export type * from './reminders.ts';
export type * from './risk.ts';
export type * from './status.ts';
export type { Access, ErrorBody, Role, RouteDef } from './common.ts';
export { ROLES } from './common.ts';
export { ACTION_KINDS, DISPUTE_REASONS, DUNNING_CHANNELS, OUTCOMES, POLICIES } from './collections.ts';
