import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One server and one mail server for the whole run, on ports of their own, with a fresh data
// directory. The server binary and the built site come from `make test` (see README).
const port = Number(process.env.E2E_PORT ?? 3100);
// A second Partnerhub on the same data with embedding on, for pages of one allowed host origin
// (`localhost` is another site than `127.0.0.1`); the host pages are served by the tests.
const embedPort = Number(process.env.E2E_EMBED_PORT ?? 3101);
const embedHost = `http://localhost:${Number(process.env.E2E_EMBED_HOST_PORT ?? 3199)}`;
process.env.E2E_EMBED_URL = `http://127.0.0.1:${embedPort}`;
process.env.E2E_EMBED_HOST = embedHost;
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 1125);
const mailWebPort = Number(process.env.E2E_MAIL_WEB_PORT ?? 1180);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'partnerhub-e2e-'));
const server = process.env.PARTNERHUB_BIN ?? '../target/server-release/partnerhub';
process.env.E2E_MAIL_API = `http://127.0.0.1:${mailWebPort}`;
// Workers read the same data directory (the command line adds reviewers to it).
process.env.E2E_DATA_DIR = dataDir;
// With a PostgreSQL database (`make test` creates one), one more Partnerhub runs on it and the
// enrollment flow runs there too.
const postgres = process.env.E2E_POSTGRES_URL;
const postgresPort = Number(process.env.E2E_POSTGRES_PORT ?? 3102);

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${port}`, locale: 'en-US', trace: 'off', screenshot: 'off' },
  projects: [
    { name: 'javascript', use: { ...chromium, javaScriptEnabled: true } },
    { name: 'no-javascript', use: { ...chromium, javaScriptEnabled: false } },
    ...(postgres
      ? [{
          name: 'postgresql',
          testMatch: 'enrollment.spec.ts',
          grep: /a company enrolls/,
          use: { ...chromium, javaScriptEnabled: true, baseURL: `http://127.0.0.1:${postgresPort}` },
        }]
      : []),
  ],
  webServer: [
    {
      command: `npx maildev --smtp ${smtpPort} --web ${mailWebPort} --ip 127.0.0.1 --silent`,
      url: `http://127.0.0.1:${mailWebPort}/email`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: server,
      cwd: '..',
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PARTNERHUB_ADDR: `127.0.0.1:${port}`,
        PARTNERHUB_DATA_DIR: dataDir,
        PARTNERHUB_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? 'target/site',
        RUST_LOG: 'warn',
      },
    },
    {
      command: server,
      cwd: '..',
      url: `http://127.0.0.1:${embedPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PARTNERHUB_ADDR: `127.0.0.1:${embedPort}`,
        PARTNERHUB_DATA_DIR: dataDir,
        PARTNERHUB_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        PARTNERHUB_EMBED_ORIGINS: embedHost,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? 'target/site',
        RUST_LOG: 'warn',
      },
    },
    ...(postgres
      ? [{
          command: server,
          cwd: '..',
          url: `http://127.0.0.1:${postgresPort}/healthz`,
          reuseExistingServer: false,
          timeout: 60_000,
          env: {
            DATABASE_URL: postgres,
            PARTNERHUB_ADDR: `127.0.0.1:${postgresPort}`,
            PARTNERHUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'partnerhub-e2e-pg-')),
            PARTNERHUB_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
            LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? 'target/site',
            RUST_LOG: 'warn',
          },
        }]
      : []),
  ],
});
