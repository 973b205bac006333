import { defineConfig, devices } from "@playwright/test";
import path from "node:path";

// e2e runs against a production build on a fresh embedded database (or DATABASE_URL when set),
// in Debian's Chromium: Playwright never downloads a browser here.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.resolve("tests/.tmp/e2e-data");
export const E2E_MAIL_DIR = path.resolve("tests/.tmp/e2e-mail");

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node tests/e2e/support/e2e-server.mjs",
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      E2E_MAIL_DIR,
      LOG_REQUESTS: "0",
    },
  },
});
