import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // Tests share databases, ports and data directories: one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The CLI speaks the language of LANG: pin the default (Vietnamese) the suite asserts.
          env: { LANG: "C.UTF-8" },
        },
      },
    ],
  },
});
