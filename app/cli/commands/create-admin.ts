import { parseArgs } from "node:util";
import { emailSchema } from "#app/domain/auth-schemas.ts";
import { createAdmin } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";

const USAGE = "Usage: npm run award -- create-admin --email <address> [--name <full name>]";

/** Creates (or promotes) an administrator and prints a one-time link to set the password. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const email = emailSchema.safeParse(parsed.values.email ?? "");
  if (!email.success) {
    console.error(`Địa chỉ e-mail không hợp lệ / invalid e-mail address.\n${USAGE}`);
    return 2;
  }
  const result = await createAdmin(await getDb(), { email: email.data, name: parsed.values.name });
  console.log(
    `${result.created ? "Đã tạo quản trị viên" : "Đã cấp quyền quản trị cho tài khoản có sẵn"} ${email.data}.\n` +
      `Liên kết đặt mật khẩu (dùng một lần, hết hạn sau ${result.hours} giờ) / one-time set-password link (${result.hours} h):\n${result.url}`,
  );
  return 0;
}
