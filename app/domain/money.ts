/** Money is integer VND everywhere; formatting is the only place it becomes text. */

export function assertVnd(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`Not a non-negative integer VND amount: ${amount}`);
  }
}

// Building an Intl.NumberFormat costs far more than formatting with one: build each once.
const vndFormats = {
  vi: new Intl.NumberFormat("vi-VN", { style: "currency", currency: "VND", maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat("en-US", { style: "currency", currency: "VND", maximumFractionDigits: 0 }),
};

/** 30000000 → "30.000.000 ₫" (vi) or "₫30,000,000" (en). */
export function formatVnd(amount: number, locale: "vi" | "en" = "vi"): string {
  assertVnd(amount);
  return vndFormats[locale === "en" ? "en" : "vi"].format(amount).replace(/\u00a0/g, " ");
}
