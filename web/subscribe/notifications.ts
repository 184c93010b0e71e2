import { api, call } from '../api.ts';
import { errorMessage } from '../lib/api-error.ts';
import { readBrowserHints } from '../lib/browser-hints.ts';
import { byId } from '../lib/dom.ts';
import { pushServiceName } from '../lib/format.ts';
import { homeScreenAdvice, type HomeScreenAdvice } from '../lib/install-guidance.ts';
import { subscriptionBody } from '../lib/subscription-body.ts';
import {
  currentSubscription,
  PushServiceUnreachableError,
  PushSubscribeRefusedError,
  pushSupported,
  registerServiceWorker,
  subscribe,
} from './push-client.ts';
import { PushStatusView } from './push-status.ts';

/**
 * The notifications card: turns push on and off for this browser and keeps the server's copy of this
 * browser's subscription in step (it moves to whoever is signed in).
 */
export class NotificationsController {
  private readonly status = new PushStatusView();
  private readonly enableButton = byId('enable-push', HTMLButtonElement);
  private readonly disableButton = byId('disable-push', HTMLButtonElement);
  private readonly homeScreenSteps = byId('home-screen-steps', HTMLElement);
  private readonly homeScreenDevice = byId('home-screen-device', HTMLElement);
  /** Set on an iPhone or iPad outside a Home Screen app, where subscribing cannot work. */
  private readonly homeScreen: HomeScreenAdvice | null = homeScreenAdvice(readBrowserHints());
  private signedIn = false;
  private deviceId: number | null = null;

  /** `onDevicesChanged` runs whenever the server's list of this user's devices may have changed. */
  constructor(private readonly onDevicesChanged: () => void) {
    this.enableButton.addEventListener('click', () => void this.enable());
    this.disableButton.addEventListener('click', () => void this.disable());
  }

  /** The server id of this browser's subscription, once it was saved in this page. */
  get thisDeviceId(): number | null {
    return this.deviceId;
  }

  /**
   * Reads this browser's state; when signed in and subscribed, saves the subscription for this user (the
   * caller reloads the device list afterwards).
   */
  async refresh(signedIn: boolean): Promise<void> {
    this.signedIn = signedIn;
    if (!signedIn) this.deviceId = null;
    if (this.homeScreen) return this.showHomeScreenAdvice(this.homeScreen);
    if (!pushSupported()) return this.show('unsupported');
    if (Notification.permission === 'denied') return this.show('denied');
    try {
      const subscription = await currentSubscription();
      if (!subscription)
        return this.show('not-subscribed', this.signedIn ? undefined : 'Sign in, then enable notifications.');
      if (!signedIn)
        return this.show('subscribed', 'This browser is subscribed. Sign in to link it to your account.');
      await this.save(subscription);
    } catch (error) {
      this.show('error', errorMessage(error));
    }
  }

  /**
   * The server no longer lists this browser's device (removed on another device, or its subscription ended
   * at the push service and was pruned): unsubscribe here too, so a later page load does not quietly add it
   * back. Not while this page is itself subscribing or unsubscribing.
   */
  async forgetRemovedDevice(deviceId: number): Promise<void> {
    if (deviceId !== this.deviceId || this.status.state === 'working') return;
    this.deviceId = null;
    try {
      await (await currentSubscription())?.unsubscribe();
    } catch (error) {
      console.warn('could not unsubscribe the removed device', error);
    }
    this.show(
      'not-subscribed',
      'This browser was removed from your account (on another device, or its push subscription ended). Enable notifications to add it again.',
    );
  }

  private async enable(): Promise<void> {
    if (this.homeScreen) return this.showHomeScreenAdvice(this.homeScreen);
    if (!pushSupported()) return this.show('unsupported');
    try {
      // Ask first, while the click still counts as a user gesture (Firefox only prompts from one).
      this.show('working', 'Asking for permission to show notifications…');
      const permission = await Notification.requestPermission();
      if (permission === 'denied') return this.show('denied');
      if (permission !== 'granted') {
        return this.show(
          'not-subscribed',
          'Permission was not granted. Click "Enable notifications" to be asked again.',
        );
      }
      this.show('working', 'Registering the service worker…');
      const registration = await registerServiceWorker();
      this.show('working', 'Getting the server key…');
      const { publicKey } = await call(api.api['vapid-public-key'].$get());
      this.show('working', 'Subscribing with the push service…');
      const subscription = await subscribe(registration, publicKey);
      this.show('working', 'Saving the subscription on the server…');
      await this.save(subscription);
      this.onDevicesChanged();
    } catch (error) {
      if (error instanceof PushSubscribeRefusedError)
        return this.show('refused', `${error.message} ${PushStatusView.defaultDetail('refused')}`);
      if (error instanceof PushServiceUnreachableError) return this.show('unreachable', error.message);
      this.show('error', errorMessage(error));
    }
  }

  /** Unsubscribes this browser and deletes its server copy. */
  async disable(): Promise<void> {
    try {
      this.show('working', 'Unsubscribing…');
      if (this.deviceId !== null) {
        await call(api.api.subscriptions[':id'].$delete({ param: { id: String(this.deviceId) } }));
        this.deviceId = null;
      }
      const subscription = await currentSubscription();
      await subscription?.unsubscribe();
      this.show('not-subscribed');
    } catch (error) {
      this.show('error', errorMessage(error));
    } finally {
      this.onDevicesChanged();
    }
  }

  private async save(subscription: PushSubscription): Promise<void> {
    const { device } = await call(api.api.subscriptions.$post({ json: subscriptionBody(subscription) }));
    this.deviceId = device.id;
    this.show(
      'subscribed',
      `This browser receives pushes through ${pushServiceName(device.pushService)} (${device.contentEncoding}).`,
    );
  }

  private showHomeScreenAdvice(advice: HomeScreenAdvice): void {
    this.homeScreenDevice.textContent = advice.device;
    this.show(
      'home-screen',
      advice.iosTooOld
        ? 'Web Push needs iOS 16.4 or later: update iOS first, then add this site to your Home Screen.'
        : undefined,
    );
  }

  private show(...args: Parameters<PushStatusView['show']>): void {
    const [state] = args;
    this.status.show(...args);
    const busy = state === 'working' || state === 'checking';
    const blocked = state === 'unsupported' || state === 'denied';
    this.homeScreenSteps.hidden = state !== 'home-screen';
    // On an iPhone outside the Home Screen app the button could only fail: the steps replace it.
    this.enableButton.hidden = state === 'subscribed' || state === 'home-screen';
    this.enableButton.disabled = busy || blocked || !this.signedIn;
    this.disableButton.hidden = state !== 'subscribed';
    this.disableButton.disabled = busy;
  }
}
