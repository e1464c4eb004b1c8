import type { Locator, Page } from '@playwright/test';
import { SamplesPage } from './samples.ts';

export type ScreenId = 'samples' | 'review' | 'generate' | 'flags' | 'versions' | 'team';

/** The shell: header counts and navigation. Every wait goes through the app-ready attribute. */
export class AppPage {
  readonly header: Locator;
  readonly workspaceName: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId('app-header');
    this.workspaceName = page.getByTestId('workspace-name');
  }

  async open(url: string, screen: ScreenId = 'samples'): Promise<void> {
    await this.page.goto(`${url}/#/${screen}`);
    await this.page.locator('html[data-app-ready="true"]').waitFor();
  }

  stat(name: 'prompts' | 'samples' | 'runs' | 'revisions'): Locator {
    return this.page.getByTestId(`stat-${name}`);
  }

  async go(screen: ScreenId): Promise<Locator> {
    await this.page.getByTestId(`nav-${screen}`).click();
    const view = this.page.getByTestId(`screen-${screen}`);
    await view.waitFor();
    return view;
  }

  samples(): SamplesPage {
    return new SamplesPage(this.page);
  }
}
