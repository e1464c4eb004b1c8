import type { Locator, Page } from '@playwright/test';

export class ImportDialog {
  readonly root: Locator;
  readonly result: Locator;
  readonly error: Locator;
  readonly errorMessage: Locator;
  readonly errorLine: Locator;
  readonly submitButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('import-dialog');
    this.result = page.getByTestId('import-result');
    this.error = page.getByTestId('import-error');
    this.errorMessage = page.getByTestId('import-error-message');
    this.errorLine = page.getByTestId('import-error-line');
    this.submitButton = page.getByTestId('import-submit');
  }

  async importFile(kind: 'prompts' | 'traces', filePath: string): Promise<void> {
    await this.page.getByTestId(`import-kind-${kind}`).check();
    await this.page.getByTestId('import-file').setInputFiles(filePath);
    await this.submitButton.click();
    // Either outcome ends the wait; the spec asserts which one it expected.
    await this.result.or(this.error).waitFor();
  }

  count(which: 'inserted' | 'duplicates' | 'rejected'): Locator {
    return this.page.getByTestId(`import-${which}`);
  }

  async close(): Promise<void> {
    await this.page.getByTestId('import-close').click();
    await this.root.waitFor({ state: 'detached' });
  }
}
