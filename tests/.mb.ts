import { receiptSubject } from "#emails/journalist/receipt.ts";
import { formatPercent } from "#app/domain/format.ts";
const d = { locale: "vi", code: "TV-001" } as never;
for (const [name, f] of [["subject", () => receiptSubject(d)], ["percent", () => formatPercent(33.333, "vi")]] as const) {
  for (let i = 0; i < 2000; i++) f();
  const t0 = performance.now(); for (let i = 0; i < 20000; i++) f(); console.log(name, ((performance.now() - t0) / 20000 * 1000).toFixed(1), "µs");
}
