import { parseArgs } from "node:util";
import { emailSchema } from "#app/domain/auth-schemas.ts";
import { createAdmin } from "#app/server/shared/accounts.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { cliI18n } from "../i18n.ts";

/** Creates (or promotes) an administrator and prints a one-time link to set the password. */
export async function run(argv: string[]): Promise<number> {
  const { t, args } = cliI18n(argv);
  let parsed;
  try {
    parsed = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${t("createAdmin.usage")}`);
    return 2;
  }
  const email = emailSchema.safeParse(parsed.values.email ?? "");
  if (!email.success) {
    console.error(`${t("createAdmin.invalidEmail")}\n${t("createAdmin.usage")}`);
    return 2;
  }
  const result = await createAdmin(await getDb(), { email: email.data, name: parsed.values.name });
  console.log(
    `${t(result.created ? "createAdmin.created" : "createAdmin.promoted", { email: email.data })}\n${t("createAdmin.link", { hours: result.hours })}\n${result.url}`,
  );
  return 0;
}
