import type { Locator, Page } from '@playwright/test';

/** The review screen: Monaco editor, flag list, context panel, decisions. */
export class ReviewPage {
  readonly screen: Locator;
  readonly editor: Locator;
  readonly flagPanel: Locator;
  readonly flagItems: Locator;
  readonly history: Locator;
  readonly historyEntries: Locator;
  readonly save: Locator;
  readonly note: Locator;
  readonly message: Locator;
  readonly status: Locator;
  readonly conflict: Locator;
  readonly draftRestored: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('screen-review');
    this.editor = page.getByTestId('trace-editor');
    this.flagPanel = page.getByTestId('flag-panel');
    this.flagItems = page.getByTestId('flag-item');
    this.history = page.getByTestId('history-list');
    this.historyEntries = page.getByTestId('history-entry');
    this.save = page.getByTestId('review-save');
    this.note = page.getByTestId('revision-note');
    this.message = page.getByTestId('review-message');
    this.status = page.getByTestId('review-status');
    this.conflict = page.getByTestId('conflict-view');
    this.draftRestored = page.getByTestId('draft-restored');
  }

  async open(url: string, id: number, query = ''): Promise<void> {
    await this.page.goto(`${url}/#/review/${id}${query ? `?${query}` : ''}`);
    await this.page.locator('html[data-app-ready="true"]').waitFor();
    await this.waitForEditor(id);
  }

  /** The sample's text is drawn in Monaco (the editor chunk is lazy). */
  async waitForEditor(id: number): Promise<void> {
    await this.page.locator(`[data-testid="screen-review"][data-sample-id="${id}"]`).waitFor();
    await this.editor.locator('.view-lines').waitFor();
    await this.page.locator('[data-testid="editor-frame"][data-open-ms]').waitFor();
  }

  /** Codes the flag list shows for the current (possibly unsaved) text, once live flagging has caught up. */
  async flagCodes(): Promise<string[]> {
    await this.page.locator('[data-testid="flag-panel"][data-stale="false"]').waitFor();
    const codes = (await this.flagPanel.getAttribute('data-codes')) ?? '';
    return codes.split(' ').filter(Boolean);
  }

  /** Clicks a flag in the list: the editor selects its span and takes the focus. */
  async jumpToFlag(code: string): Promise<void> {
    await this.page.locator(`[data-testid="flag-item"][data-code="${code}"] .flag-jump`).first().click();
  }

  async editorText(): Promise<string> {
    return this.editor.locator('.view-lines').innerText();
  }

  /** Leaves the editor so single-key shortcuts apply. */
  async leaveEditor(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  sampleId(): Promise<string | null> {
    return this.screen.getAttribute('data-sample-id');
  }
}
