import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "#app/i18n/i18n.ts";
import { localeCookie } from "#app/i18n/locale.server.ts";
import { getDb } from "#app/server/shared/db.server.ts";
import { getSessionUser } from "#app/server/shared/session.server.ts";
import { readForm } from "#app/server/shared/body.server.ts";
import { safeRedirect } from "#app/domain/safe-redirect.ts";

const Form = z.object({
  locale: z.enum(LOCALES),
  redirectTo: z.string().max(4096).catch("/"),
});

export async function action({ request }: ActionFunctionArgs) {
  const parsed = Form.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  // A signed-in person's choice is also the language of the mails we send them (kept on the
  // account, which mails are written from), not only of the pages in this browser.
  const user = await getSessionUser(request);
  if (user) await (await getDb()).user.update({ where: { id: user.id }, data: { locale: parsed.data.locale } });
  // Only same-site paths, so the switch cannot be used as an open redirect.
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": localeCookie(parsed.data.locale) },
  });
}

export async function loader() {
  return redirect("/");
}
