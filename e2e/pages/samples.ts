import type { Locator, Page } from '@playwright/test';
import { ImportDialog } from './import-dialog.ts';

export class SamplesPage {
  readonly screen: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly count: Locator;
  readonly loaded: Locator;
  readonly noMatch: Locator;
  readonly loadMore: Locator;
  readonly scroller: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('screen-samples');
    this.table = page.getByTestId('samples-table');
    this.rows = page.getByTestId('sample-row');
    this.empty = page.getByTestId('samples-empty');
    this.count = page.getByTestId('samples-count');
    this.loaded = page.getByTestId('samples-loaded');
    this.noMatch = page.getByTestId('samples-no-match');
    this.loadMore = page.getByTestId('samples-load-more');
    this.scroller = page.getByTestId('samples-table');
  }

  async openImport(): Promise<ImportDialog> {
    await this.page.getByTestId('import-open').click();
    const dialog = new ImportDialog(this.page);
    await dialog.root.waitFor();
    return dialog;
  }

  /** Texts of one column over the rows currently drawn (the table is virtualised). */
  async column(id: 'id' | 'promptPreview' | 'runName' | 'verdict' | 'status' | 'flagCodes' | 'length' | 'langConsistency'): Promise<string[]> {
    return this.rows.getByTestId(`cell-${id}`).allInnerTexts();
  }

  /** Every flag code of each drawn row (the cell shows two badges and a count; it lists all codes in data-codes). */
  async flagsOfRows(): Promise<string[][]> {
    const lists = await this.rows.getByTestId('flag-list').evaluateAll((els) => els.map((el) => el.getAttribute('data-codes') ?? ''));
    return lists.map((codes) => codes.split(' ').filter(Boolean));
  }

  async filterBy(which: 'status' | 'verdict' | 'flag', value: string): Promise<void> {
    await this.page.getByTestId(`filter-${which}`).selectOption(value);
  }

  async clearFilters(): Promise<void> {
    await this.page.getByTestId('filter-clear').click();
  }

  /** Options of a filter select, without the "Any" entry. */
  async filterOptions(which: 'status' | 'verdict' | 'flag'): Promise<string[]> {
    const values = await this.page.getByTestId(`filter-${which}`).locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''));
    return values.filter(Boolean);
  }
}
