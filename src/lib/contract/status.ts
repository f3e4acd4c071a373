// The contract of /api/status (what the header shows: the data's as-of date, the entities) and /api/health.
import { NullableDate, Obj, route, Type, type Static } from './common.ts';

export const EntityStatus = Obj({
  entity_id: Type.String(),
  line_count: Type.Integer(),
  first_date: NullableDate,
  last_date: NullableDate,
});
export type EntityStatus = Static<typeof EntityStatus>;

export const Status = Obj({
  has_data: Type.Boolean(),
  /** the latest date of the data: the default as-of date of every page */
  as_of_date: NullableDate,
  entities: Type.Array(EntityStatus),
  active_imports: Type.Integer(),
});
export type Status = Static<typeof Status>;

export const statusRoutes = {
  status: route({ method: 'GET', url: '/api/status', description: 'The data status: as-of date and entities.', response: { 200: Status } }),
  health: route({
    method: 'GET',
    url: '/api/health',
    access: 'public',
    description: 'Answers while the server runs, with the id of the database file it serves (the CLI checks it talks to the server of its file).',
    response: { 200: Obj({ ok: Type.Boolean(), database_id: Type.String() }) },
  }),
};
