/**
 * The clinic day as staff see it (issue 17): the built app's web host on a data folder holding today's
 * clinic of 100 worked appointments (each with its messages and audit entries), opened in Chromium.
 * `ui.clinic_day.render_ms` is the time from choosing the clinic (an in-app navigation, as a click does)
 * until all 100 rows are laid out and painted: data fetch, React render, layout. Baseline in the same
 * run: the same navigation to a clinic of one appointment, which costs the page chrome and the round
 * trip but not the rows. Median of RUNS after a warm-up. Needs `npm run build`.
 * Run: node --conditions=source --import tsx bench/ui-render-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import playwrightConfig from '../playwright.config';
import { openDatabase } from '../src/main/db/open-database';
import { localDayOf } from '../src/main/services/local-day';
import { startAppProcess } from '../test-support/app-process';
import { insertParticipant, insertWorkedClinic, prepareRowInserts } from './busy-unit-rows';

const RUNS = Number(process.env.UI_RENDER_RUNS ?? 15);
const ROWS = 100;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Today's clinic of 100 and one of a single appointment, written while the app is stopped. */
function addClinics(dataDir: string): void {
  const db = openDatabase(path.join(dataDir, 'modality-link.db'));
  const sql = db.$client;
  const at = new Date().toISOString();
  const today = localDayOf(new Date());
  const insert = prepareRowInserts(sql);
  sql.transaction(() => {
    for (let n = 0; n <= ROWS; n++) insertParticipant(insert, n, at);
    const common = {
      date: today,
      messagesEach: 3,
      auditEach: 4,
      participantOf: (n: number) => `bp-${n}`,
      at,
    };
    insertWorkedClinic(insert, { ...common, clinicId: 'render-100', first: 0, count: ROWS });
    insertWorkedClinic(insert, { ...common, clinicId: 'render-1', first: ROWS, count: 1 });
  })();
  sql.close();
}

/**
 * In the page: change the route, then wait (a frame at a time) until the table holds `rows` rows and one
 * more frame has been painted. Times are the page's own clock, so Playwright's round trips do not count.
 */
async function navigateMs(page: Page, clinicId: string, rows: number): Promise<number> {
  await page.evaluate("location.hash = '#/clinics'");
  await page.getByRole('heading', { level: 1, name: 'Clinics', exact: true }).waitFor();
  // A string, not a function: tsx's name-keeping helper (`__name`) does not exist in the page.
  return page.evaluate(`new Promise((resolve) => {
    const started = performance.now();
    location.hash = '#/clinics/${clinicId}';
    (function check() {
      // Only the clinic day's table: the clinic list's own tables must not count.
      const table = [...document.querySelectorAll('table')].find((t) =>
        t.caption?.textContent?.startsWith('Appointments:'),
      );
      if (table && table.tBodies[0]?.rows.length >= ${rows})
        requestAnimationFrame(() => resolve(performance.now() - started));
      else requestAnimationFrame(check);
    })();
  })`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ml-bench-render-'));
  const env = { MODALITY_LINK_RELAY_PORT: '0' };
  let app = await startAppProcess(dataDir, env); // migrations and the demo seed
  await app.stop();
  addClinics(dataDir);
  app = await startAppProcess(dataDir, env);
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.uiUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await navigateMs(page, 'render-100', ROWS); // warm: code paths, JIT, page cache
    await navigateMs(page, 'render-1', 1);
    const full: number[] = [];
    const single: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      full.push(await navigateMs(page, 'render-100', ROWS));
      single.push(await navigateMs(page, 'render-1', 1));
    }
    const ms = median(full);
    const base = median(single);
    console.log(
      `ui.clinic_day.render_ms: ${ms.toFixed(1)} ms (${ROWS} appointments, median of ${RUNS}; goal <= 200)`,
    );
    console.log(
      `baseline ui.clinic_day.render_ms.one_row: ${base.toFixed(1)} ms (a clinic of one, same run; the rows cost ${(ms - base).toFixed(1)} ms)`,
    );
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
