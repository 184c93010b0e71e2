/** Closes the notification and brings its url to the front: an open tab at that url, else a new window. */
export async function handleNotificationClick(
  scope: ServiceWorkerGlobalScope,
  event: NotificationEvent,
): Promise<void> {
  event.notification.close();
  const target = targetUrl(event.notification.data, scope.location.origin);
  const pages = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = pages.find((page) => page.url === target);
  if (open) {
    await open.focus();
    return;
  }
  await scope.clients.openWindow(target);
}

/** The absolute url a notification opens: its `data.url` resolved against the site, or the site root. */
export function targetUrl(data: unknown, origin: string): string {
  const url =
    typeof data === 'object' && data !== null && typeof (data as { url?: unknown }).url === 'string'
      ? (data as { url: string }).url
      : '/';
  try {
    return new URL(url, origin).href;
  } catch {
    return new URL('/', origin).href;
  }
}
