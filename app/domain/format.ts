/** Display of instants in the contest's zone: dd/mm/yyyy HH:mm (Vietnamese convention). */
import { TZDate } from "@date-fns/tz";

export function formatInstant(at: Date | string, timeZone = "Asia/Ho_Chi_Minh"): string {
  const z = new TZDate(new Date(at).getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(z.getDate())}/${p(z.getMonth() + 1)}/${z.getFullYear()} ${p(z.getHours())}:${p(z.getMinutes())}`;
}
