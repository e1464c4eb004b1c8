import type { Locator, Page } from '@playwright/test';

/** The Generate screen: model picker, settings, run progress and the runs list. */
export class GeneratePage {
  readonly screen: Locator;
  readonly models: Locator;
  readonly modelsEmpty: Locator;
  readonly start: Locator;
  readonly cancel: Locator;
  readonly startError: Locator;
  readonly runPanel: Locator;
  readonly status: Locator;
  readonly done: Locator;
  readonly tokensPerSecond: Locator;
  readonly passRate: Locator;
  readonly liveSamples: Locator;
  readonly engineFacts: Locator;
  readonly engineBackend: Locator;
  readonly runRows: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('screen-generate');
    this.models = page.getByTestId('model-option');
    this.modelsEmpty = page.getByTestId('models-empty');
    this.start = page.getByTestId('run-start');
    this.cancel = page.getByTestId('run-cancel');
    this.startError = page.getByTestId('start-error');
    this.runPanel = page.getByTestId('run-panel');
    this.status = page.getByTestId('run-status');
    this.done = page.getByTestId('run-done');
    this.tokensPerSecond = page.getByTestId('run-tps');
    this.passRate = page.getByTestId('run-pass-rate');
    this.liveSamples = page.getByTestId('live-sample');
    this.engineFacts = page.getByTestId('engine-facts');
    this.engineBackend = page.getByTestId('engine-backend');
    this.runRows = page.getByTestId('run-row');
  }

  model(file: string): Locator {
    return this.models.and(this.page.locator(`[data-file="${file}"]`));
  }

  async pick(file: string): Promise<void> {
    await this.model(file).locator('input[type=radio]').check();
  }

  setting(name: 'threads' | 'prompts' | 'group' | 'temperature' | 'topP' | 'topK' | 'minP' | 'maxTokens' | 'seed' | 'template' | 'instruction'): Locator {
    return this.page.getByTestId(`set-${name}`);
  }

  async set(values: Partial<Record<'group' | 'temperature' | 'topP' | 'topK' | 'minP' | 'maxTokens' | 'seed' | 'threads', string>>): Promise<void> {
    for (const [name, value] of Object.entries(values)) await this.setting(name as 'group').fill(value);
  }
}
