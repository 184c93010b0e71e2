import type { DeliveryResult } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { errorMessage } from '../lib/api-error.ts';
import { byId, h } from '../lib/dom.ts';
import { pushServiceName } from '../lib/format.ts';

/** "Send me a test push": the server pushes to every device of the user and answers with each result. */
export class TestPushView {
  private readonly button = byId('test-push', HTMLButtonElement);
  private readonly results = byId('test-results', HTMLUListElement);

  constructor(private readonly onSent: () => void) {
    this.button.addEventListener('click', () => void this.send());
  }

  clear(): void {
    this.results.replaceChildren();
  }

  private async send(): Promise<void> {
    this.button.disabled = true;
    this.results.replaceChildren(h('li', { class: 'muted' }, 'Sending…'));
    try {
      const { results } = await call(api.api.subscriptions.test.$post());
      this.results.replaceChildren(
        ...(results.length > 0
          ? results.map((result) => this.row(result))
          : [
              h(
                'li',
                { class: 'muted', 'data-testid': 'test-result-none' },
                'You have no devices to send to.',
              ),
            ]),
      );
      this.onSent();
    } catch (error) {
      this.results.replaceChildren(h('li', { class: 'error', role: 'alert' }, errorMessage(error)));
    } finally {
      this.button.disabled = false;
    }
  }

  private row(result: DeliveryResult): HTMLLIElement {
    const status = result.status === null ? 'no answer' : `HTTP ${result.status}`;
    return h(
      'li',
      { class: 'result', 'data-testid': 'test-result', 'data-outcome': result.outcome },
      h('span', { class: `outcome outcome-${result.outcome}` }, result.outcome),
      h('span', {}, pushServiceName(result.pushService)),
      h('span', { class: 'muted' }, status),
      result.reason && h('span', { class: 'reason' }, result.reason),
    );
  }
}
