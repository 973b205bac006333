/**
 * Issue 10 item 2 (mails): every template, rendered for an English reader, has no Vietnamese
 * word left (subject, HTML and text, the layout's header and footer included), and the same
 * template for a Vietnamese reader is in Vietnamese. The data is English so that only the
 * template's own words could bring Vietnamese in.
 */
import { describe, expect, it } from "vitest";
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
