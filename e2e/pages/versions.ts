import type { Locator, Page } from '@playwright/test';

/** The Versions screen: list, details with charts, commit dialog, compare and export tabs. */
export class VersionsPage {
  readonly screen: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly details: Locator;
  readonly commitOpen: Locator;
  readonly commitForm: Locator;
  readonly commitSubmit: Locator;
  readonly commitError: Locator;
  readonly checkReport: Locator;
  readonly diff: Locator;
  readonly exportForm: Locator;
  readonly exportResult: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('screen-versions');
    this.rows = page.getByTestId('version-row');
    this.empty = page.getByTestId('versions-empty');
    this.details = page.getByTestId('version-details');
    this.commitOpen = page.getByTestId('commit-open');
    this.commitForm = page.getByTestId('commit-form');
    this.commitSubmit = page.getByTestId('commit-submit');
    this.commitError = page.getByTestId('commit-error');
    this.checkReport = page.getByTestId('check-report');
    this.diff = page.getByTestId('version-diff');
    this.exportForm = page.getByTestId('export-form');
    this.exportResult = page.getByTestId('export-result');
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="version-row"][data-name="${name}"]`);
  }

  async fillCommit(options: { message: string; name?: string; include?: 'accepted' | 'clean' | 'all'; check?: boolean }): Promise<void> {
    await this.commitForm.getByTestId('commit-message').fill(options.message);
    await this.commitForm.getByTestId('commit-name').fill(options.name ?? '');
    await this.commitForm.getByTestId(`commit-include-${options.include ?? 'accepted'}`).check();
    const box = this.commitForm.getByTestId('commit-check');
    if (options.check) await box.check();
    else await box.uncheck();
  }

  tab(name: 'details' | 'compare' | 'export'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  /** Counts shown by one chart, keyed by bar label. */
  async chart(id: 'task' | 'language' | 'verdict' | 'flags' | 'tokens'): Promise<Record<string, number>> {
    const items = this.page.getByTestId(`chart-${id}`).locator('[data-count]');
    const pairs = await items.evaluateAll((els) => els.map((el) => [el.getAttribute('data-label') ?? '', Number(el.getAttribute('data-count'))] as const));
    return Object.fromEntries(pairs);
  }
}
