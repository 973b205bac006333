// Starts what the e2e suite talks to: a loopback SMTP server that stores every message it
// receives as an .eml file under E2E_MAIL_DIR (tests read them back with mailparser), then the
// app through `npm start`'s script on a fresh data directory.
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { SMTPServer } from "smtp-server";

const mailDir = process.env.E2E_MAIL_DIR;
const dataDir = process.env.DATA_DIR;
if (!mailDir || !dataDir) throw new Error("E2E_MAIL_DIR and DATA_DIR must be set");
fs.rmSync(mailDir, { recursive: true, force: true });
fs.mkdirSync(mailDir, { recursive: true });
// With a PostgreSQL server at hand (npm test always starts one), e2e runs on a fresh database
// there, and tests may add their own fixtures through it (tests/e2e/support/db.ts). Without
// one it runs on a fresh embedded PGlite and tests can only use the seeded demo.
const urlFile = "tests/.tmp/e2e-db-url";
fs.rmSync(urlFile, { force: true });
if (process.env.TEST_DATABASE_URL) {
  const name = `gbc_e2e_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  fs.writeFileSync(urlFile, process.env.DATABASE_URL);
} else {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

let n = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      n += 1;
      const file = `${mailDir}/${String(Date.now()).padStart(15, "0")}-${String(n).padStart(5, "0")}.eml`;
      fs.writeFileSync(file, Buffer.concat(chunks));
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const { port } = smtp.server.address();
process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
process.env.APP_URL = `http://127.0.0.1:${process.env.PORT}`;
// The e2e-only clock hook (app/server/shared/e2e-clock.server.ts): tests move "now" past deadlines.
process.env.E2E_CLOCK = "1";
console.log(`e2e SMTP on ${process.env.SMTP_URL}, mails in ${mailDir}`);
// The suite relies on the demo accounts; with DATABASE_URL set they are seeded only on request.
process.env.SEED_DEMO = "1";
await import("../../../scripts/start.mjs");
