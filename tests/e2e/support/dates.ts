import { formatIsoDate, isIsoDate } from "#app/domain/dates.ts";

/** What a person types in our date fields: dd/mm/yyyy, whatever the browser's locale. */
export function typedDate(iso: string): string {
  return isIsoDate(iso) ? formatIsoDate(iso) : iso;
}
