// The data status shown in the header (as-of date, entities), shared by every page and
// refreshed after each import.
import { api, type Status } from './api/client.ts';

export const dataStatus = $state<{ value: Status | null; error: string | null }>({ value: null, error: null });

export async function refreshStatus(): Promise<void> {
  try {
    dataStatus.value = await api.status();
    dataStatus.error = null;
  } catch (err) {
    dataStatus.error = (err as Error).message;
  }
}

/**
 * Whether a page may fetch its data: null while the status is not known yet (wait for it: a
 * request made before would be made again once it is), false when there is no data at all.
 */
export function dataReady(): boolean | null {
  return dataStatus.value ? dataStatus.value.has_data : null;
}

/** The span of the data (of one entity, or all): the dates an as-of date may take. */
export function dataSpan(entity: string | null): { first: string | null; last: string | null } {
  const entities = (dataStatus.value?.entities ?? []).filter((e) => !entity || e.entity_id === entity);
  const first = entities.map((e) => e.first_date).filter((d): d is string => !!d).sort()[0] ?? null;
  const last = entities.map((e) => e.last_date).filter((d): d is string => !!d).sort().at(-1) ?? null;
  return { first, last };
}
