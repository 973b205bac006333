/**
 * Issue 10 item 2 (mails): every template, rendered for an English reader, has no Vietnamese
 * word left (subject, HTML and text, the layout's header and footer included), and the same
 * template for a Vietnamese reader is in Vietnamese. The data is English so that only the
 * template's own words could bring Vietnamese in. Conversely, the words live in the `mail`
 * catalogue: both languages have the same sentences with the same values, every key a template
 * uses exists in both, and no English sentence falls through into a Vietnamese mail.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import viMail from "#app/i18n/locales/vi/mail.json";
import enMail from "#app/i18n/locales/en/mail.json";
import { mailWords } from "#emails/words.ts";
import { announcementMail } from "#emails/announcement/results.ts";
import { eligibilityDecisionMail } from "#emails/journalist/eligibility-decision.ts";
import { mailedEntryRegisteredMail } from "#emails/journalist/mailed-entry-registered.ts";
import { receiptMail } from "#emails/journalist/receipt.ts";
import { resetPasswordMail } from "#emails/journalist/reset-password.ts";
import { verifyEmailMail } from "#emails/journalist/verify-email.ts";
import { withdrawalMail } from "#emails/journalist/withdrawal.ts";
import { judgeInvitationMail } from "#emails/judge/invitation.ts";
import { roundOpenedMail } from "#emails/judge/round-opened.ts";
import type { MailLocale, RenderedMail } from "#emails/layout.ts";

const VIETNAMESE = /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư]/i;
const base = { name: "Anna Tran", contestName: "Test press award", url: "https://award.test/x" };

const templates: Record<string, (locale: MailLocale) => RenderedMail> = {
  announcement: (locale) =>
    announcementMail({
      ...base,
      locale,
      resultsUrl: base.url,
      wins: [
        {
          title: "River town",
          code: "BI-001",
          category: "Print",
          prize: "First prize",
          amount: 10_000_000,
          share: { amount: 5_000_000, shareBp: 5000 },
        },
      ],
    }),
  announcementNoWin: (locale) => announcementMail({ ...base, locale, resultsUrl: base.url, wins: [] }),
  eligible: (locale) =>
    eligibilityDecisionMail({
      ...base,
      locale,
      code: "BI-001",
      title: "River town",
      eligible: true,
      reason: "",
      url: base.url,
    }),
  ineligible: (locale) =>
    eligibilityDecisionMail({
      ...base,
      locale,
      code: "BI-001",
      title: "River town",
      eligible: false,
      reason: "Published too early",
      url: base.url,
    }),
  mailedEntry: (locale) =>
    mailedEntryRegisteredMail({
      ...base,
      locale,
      code: "BI-001",
      title: "River town",
      postmark: "01/11/2021",
      received: "03/11/2021",
      newAccount: true,
      url: base.url,
    }),
  receipt: (locale) =>
    receiptMail({
      locale,
      code: "BI-001",
      contestName: base.contestName,
      categoryName: "Print",
      title: "River town",
      outlet: "Daily",
      kind: "SERIES",
      submitterName: base.name,
      submittedAt: "10/11/2021 09:00",
      deadline: "10/11/2021 23:59",
      editUrl: base.url,
      parts: [
        {
          position: 1,
          title: "One",
          publishedOn: "01/10/2021",
          url: "https://daily.test/1",
          files: [{ name: "one.pdf", size: "1 MB", sha256: "a".repeat(64) }],
        },
      ],
      authors: [{ fullName: base.name, penName: "Anna", agency: "Daily", share: "100%" }],
    }),
  resetPassword: (locale) => resetPasswordMail({ ...base, locale, hours: 2 }),
  alreadyRegistered: (locale) => resetPasswordMail({ ...base, locale, hours: 2, alreadyRegistered: true }),
  verifyEmail: (locale) => verifyEmailMail({ ...base, locale, hours: 24 }),
  withdrawal: (locale) =>
    withdrawalMail({ ...base, locale, code: "BI-001", title: "River town", withdrawnAt: "05/11/2021 10:00" }),
  judgeInvitation: (locale) => judgeInvitationMail({ ...base, locale, expiresOn: "30/11/2021" }),
  roundOpened: (locale) =>
    roundOpenedMail({ ...base, locale, roundName: "Final round", entries: 3, deadline: "15/12/2021" }),
};

describe("mail templates in the reader's language", () => {
  it.each(Object.keys(templates))(
    "%s: the English mail has no Vietnamese, the Vietnamese one is Vietnamese",
    (name) => {
      const en = templates[name]!("en");
      for (const part of [en.subject, en.text, en.html]) expect(part).not.toMatch(VIETNAMESE);
      const vi = templates[name]!("vi");
      expect(vi.subject).not.toBe(en.subject);
      expect(vi.text).toMatch(VIETNAMESE);
    },
  );
});

/** Every sentence of a catalogue, by dotted key. */
function leaves(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v as object, key)) out.set(kk, vv);
  }
  return out;
}
const vi = leaves(viMail);
const en = leaves(enMail);
const placeholders = (s = "") => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** The keys the templates ask for: string literals inside t(…) calls in emails/. */
function usedKeys(): string[] {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = path.join(dir, d.name);
      return d.isDirectory() ? files(p) : /\.ts$/.test(d.name) ? [p] : [];
    });
  const keys = new Set<string>();
  for (const f of files(path.resolve("emails"))) {
    const src = fs.readFileSync(f, "utf8");
    for (const call of src.matchAll(/\bt\(([^()]*)/g))
      for (const lit of call[1]!.matchAll(/"([A-Za-z]+(?:\.[A-Za-z]+)*)"/g)) keys.add(lit[1]!);
    // receipt.label.${k}: the labels the receipt names.
    for (const lit of src.matchAll(/label\("([a-zA-Z]+)"\)/g)) keys.add(`receipt.label.${lit[1]}`);
  }
  return [...keys].sort();
}

describe("mail catalogue", () => {
  it("has the same sentences, with the same values, in Vietnamese and English", () => {
    expect([...vi.keys()].sort()).toEqual([...en.keys()].sort());
    expect(
      [...vi].filter(([k, v]) => JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(en.get(k)))),
    ).toEqual([]);
    // A sentence copied untranslated would read English in a Vietnamese mail.
    expect([...vi].filter(([k, v]) => v === en.get(k) && /[a-z]{3}/i.test(v.replace(/\{\{\w+\}\}/g, "")))).toEqual([]);
  });

  it("has every key a template uses, in both languages", () => {
    const keys = usedKeys();
    expect(keys.length, "the scan found the templates' keys").toBeGreaterThan(40);
    expect(keys.filter((k) => !vi.has(k) || !en.has(k))).toEqual([]);
    // A key missing in one language is an error, not the other language's sentence.
    expect(() => mailWords("vi")("receipt.nope")).toThrow(/missing in vi/);
  });

  it.each(Object.keys(templates))("%s: the Vietnamese mail has no English sentence of the catalogue", (name) => {
    const mail = templates[name]!("vi");
    // Each English sentence's fixed words (what stays around its values).
    const english = [...en.values()]
      .flatMap((s) => s.split(/\{\{\s*\w+\s*\}\}/))
      .map((s) => s.trim())
      .filter((s) => s.length >= 8);
    for (const part of [mail.subject, mail.text, mail.html])
      expect(english.filter((s) => part.includes(s))).toEqual([]);
  });
});
