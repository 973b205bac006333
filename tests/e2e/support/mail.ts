import fs from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { expect } from "@playwright/test";

const mailDir = () => path.resolve("tests/.tmp/e2e-mail");

/** Every message the loopback SMTP server has received so far, oldest first. */
export async function receivedMails(): Promise<ParsedMail[]> {
  const dir = mailDir();
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort();
  return Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(dir, f)))));
}

function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}

/** Waits for a mail to `address` whose subject matches, and returns it. */
export async function waitForMail(address: string, subject: RegExp, timeout = 20_000) {
  let found: ParsedMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await receivedMails()).find(
          (m) => recipients(m).includes(address.toLowerCase()) && subject.test(m.subject ?? ""),
        );
        return Boolean(found);
      },
      { timeout, message: `mail to ${address} matching ${subject}` },
    )
    .toBe(true);
  return found!;
}
