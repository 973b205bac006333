import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "#app/server/shared/session.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await destroySession(request) } });
}

// Signing out changes state, so only POST does it; a GET just goes home.
export async function loader() {
  return redirect("/");
}
