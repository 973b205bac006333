/** Instants shown to people: dd/mm/yyyy HH:mm in the contest's zone (Asia/Ho_Chi_Minh). */
import { TZDate } from "@date-fns/tz";

const pad = (n: number) => String(n).padStart(2, "0");

export function formatDateTimeIn(instant: Date, timeZone: string): string {
  const z = new TZDate(instant.getTime(), timeZone);
  return `${pad(z.getDate())}/${pad(z.getMonth() + 1)}/${z.getFullYear()} ${pad(z.getHours())}:${pad(z.getMinutes())}`;
}

/** Time left as days/hours/minutes, for the deadline banner. */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number } {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}
