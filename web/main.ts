// The subscribe page: wires the cards together.
import type { Device, User } from '../shared/api-types.ts';
import { api, call } from './api.ts';
import { reportClickFromUrl } from './lib/click-receipt.ts';
import { byId } from './lib/dom.ts';
import { DevicesView } from './subscribe/devices.ts';
import { LiveRefresh } from './subscribe/live-refresh.ts';
import { NotificationsController } from './subscribe/notifications.ts';
import { ReceivedView } from './subscribe/received.ts';
import { SessionView } from './subscribe/session.ts';
import { TestPushView } from './subscribe/test-push.ts';

// Opened from a notification's link without the worker (Safari's declarative push): report the click.
void reportClickFromUrl();

const devicesCard = byId('devices-card', HTMLElement);
let signedIn = false;

const notifications = new NotificationsController(() => {
  if (signedIn) void devices.load();
});

const devices = new DevicesView(
  () => notifications.thisDeviceId,
  async (device: Device) => {
    // Removing this browser's own entry also unsubscribes it here, so the browser and server agree.
    if (device.id === notifications.thisDeviceId) {
      await notifications.disable();
      return;
    }
    await call(api.api.subscriptions[':id'].$delete({ param: { id: String(device.id) } }));
  },
  (deviceId) => void notifications.forgetRemovedDevice(deviceId),
);

const testPush = new TestPushView(() => void devices.load());

const session = new SessionView((user: User | null) => {
  signedIn = user !== null;
  devicesCard.hidden = !signedIn;
  if (!signedIn) {
    devices.clear();
    testPush.clear();
  }
  void notifications.refresh(signedIn).then(() => (signedIn ? devices.load() : undefined));
});

void new ReceivedView().start();
// "Last push accepted" and the device list follow pushes and removals without a reload.
new LiveRefresh(() => (signedIn ? devices.load() : Promise.resolve())).start();
void session.load();
