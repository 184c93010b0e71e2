import type { Device } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { errorMessage } from '../lib/api-error.ts';
import { byId, h } from '../lib/dom.ts';
import { browserName, formatTime, pushServiceName } from '../lib/format.ts';

/** "Your devices": what the server stored for the signed-in user. */
export class DevicesView {
  private readonly list = byId('devices', HTMLUListElement);
  private readonly empty = byId('devices-empty', HTMLElement);
  private readonly error = byId('devices-error', HTMLElement);

  /** `onThisDeviceGone` runs when the server stopped listing this browser's device. */
  constructor(
    private readonly thisDeviceId: () => number | null,
    private readonly remove: (device: Device) => Promise<void>,
    private readonly onThisDeviceGone: (deviceId: number) => void,
  ) {}

  async load(): Promise<void> {
    // Only a device the page knew before asking can be missing from the answer (one saved meanwhile cannot).
    const known = this.thisDeviceId();
    try {
      const { devices } = await call(api.api.subscriptions.$get());
      this.error.hidden = true;
      this.render(devices);
      if (known !== null && known === this.thisDeviceId() && !devices.some((device) => device.id === known))
        this.onThisDeviceGone(known);
    } catch (error) {
      this.showError(errorMessage(error));
    }
  }

  clear(): void {
    this.list.replaceChildren();
    this.empty.hidden = false;
    this.error.hidden = true;
  }

  private render(devices: Device[]): void {
    this.list.replaceChildren(...devices.map((device) => this.item(device)));
    this.empty.hidden = devices.length > 0;
  }

  private item(device: Device): HTMLLIElement {
    const isThisBrowser = device.id === this.thisDeviceId();
    const removeButton = h(
      'button',
      { type: 'button', class: 'secondary small', 'data-testid': 'device-remove' },
      'Unsubscribe',
    );
    removeButton.addEventListener('click', () => {
      removeButton.disabled = true;
      this.remove(device)
        .catch((error: unknown) => this.showError(errorMessage(error)))
        .finally(() => void this.load());
    });
    return h(
      'li',
      { class: 'device', 'data-testid': 'device', 'data-device-id': device.id },
      h(
        'div',
        { class: 'device-main' },
        h(
          'div',
          { class: 'device-title' },
          browserName(device.userAgent),
          isThisBrowser && h('span', { class: 'badge', 'data-testid': 'this-browser' }, 'This browser'),
        ),
        h(
          'div',
          { class: 'device-meta' },
          h('span', { 'data-testid': 'device-push-service' }, pushServiceName(device.pushService)),
          h('span', {}, device.contentEncoding),
          h('span', {}, `added ${formatTime(device.createdAt)}`),
          h(
            'span',
            { 'data-testid': 'device-last-delivery' },
            `last push accepted ${formatTime(device.lastSuccessAt)}`,
          ),
          device.failureCount > 0 &&
            h(
              'span',
              { class: 'warn' },
              `${device.failureCount} failed, last ${formatTime(device.lastFailureAt)}`,
            ),
        ),
      ),
      removeButton,
    );
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}
