import { describe, expect, it } from "vitest";
import { ChangePasswordSchema, ProfileSchema, RegisterSchema } from "#app/domain/account-schemas.ts";
import { acceptedLabels } from "#app/domain/evidence-labels.ts";
import { formatBytes } from "#app/domain/bytes.ts";
import { formatInstant } from "#app/domain/format.ts";

describe("account forms", () => {
  it("normalises Vietnamese phone numbers and lower-cases e-mail", () => {
    const r = RegisterSchema.parse({
      name: " An ",
      email: "An@Example.TEST",
      phone: "+84 912.345.678",
      password: "12345678",
      confirm: "12345678",
      consent: "on",
    });
    expect(r).toMatchObject({ name: "An", email: "an@example.test", phone: "+84912345678", consent: true });
    expect(
      RegisterSchema.safeParse({
        name: "An",
        email: "a@b.vn",
        phone: "12345",
        password: "12345678",
        confirm: "12345678",
        consent: "on",
      }).success,
    ).toBe(false);
  });

  it("splits pen names on lines, commas and semicolons, without duplicates", () => {
    expect(
      ProfileSchema.parse({ name: "A", phone: "0912345678", penNames: "Hải Dũng\nPhạm Dũng, Hải Dũng; " }).penNames,
    ).toEqual(["Hải Dũng", "Phạm Dũng"]);
  });

  it("refuses a new password equal to the current one", () => {
    const r = ChangePasswordSchema.safeParse({
      intent: "password",
      current: "abcdefgh",
      password: "abcdefgh",
      confirm: "abcdefgh",
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual(["account:v.samePassword"]);
  });
});

describe("display helpers", () => {
  it("names accepted types once each and formats sizes and Vietnam times", () => {
    expect(acceptedLabels(["audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/wav", "audio/x-wav"])).toBe(
      "MP3, M4A, WAV",
    );
    expect(formatBytes(2 * 1024 ** 3, "vi")).toBe("2,0 GB");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatInstant(new Date("2021-11-10T16:59:00Z"), "Asia/Ho_Chi_Minh")).toBe("10/11/2021 23:59");
  });
});
