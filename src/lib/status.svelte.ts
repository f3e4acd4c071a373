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
